package dev.skiff.store.dispatch;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;

/**
 * Computes the 8-byte tag code written into each consume-queue entry. Normally the hash of the
 * {@code TAGS} property ({@link #TAG_HASH}); the broker plugs in its own function where a queue's
 * tag code means something else (the delivery time of a delayed message). Runs on the dispatcher
 * thread for every record, so it must be cheap, must not block and should not allocate.
 */
@FunctionalInterface
public interface TagsCodeFunction {
    /** The hash of the record's {@code TAGS} property, 0 when it has none. */
    TagsCodeFunction TAG_HASH =
            (topic, queueId, properties, storeTimestampMs) -> properties.hashOf(MessageProperties.TAGS);

    /**
     * @param topic the record's topic
     * @param queueId the record's queue id
     * @param properties the record's properties, read in place
     * @param storeTimestampMs when the record was stored
     */
    long tagsCode(String topic, int queueId, RecordProperties properties, long storeTimestampMs);
}
