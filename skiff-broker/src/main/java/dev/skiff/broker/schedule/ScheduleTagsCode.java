package dev.skiff.broker.schedule;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.store.dispatch.TagsCodeFunction;

/**
 * The broker's consume-queue tag code: for an entry of {@code SCHEDULE_TOPIC_XXXX} queue q it is
 * the delivery time, store time + the delay of level q+1 (queues beyond the configured levels use
 * the last level); for every other topic the usual hash of {@code TAGS}. Reading the level from the
 * queue id keeps this allocation-free on the dispatcher thread.
 */
public final class ScheduleTagsCode implements TagsCodeFunction {
    private final long[] levelsMs;

    /** @param levelsMs the delay of each level, level 1 first */
    public ScheduleTagsCode(long[] levelsMs) {
        if (levelsMs.length == 0) {
            throw new IllegalArgumentException("at least one delay level is needed");
        }
        this.levelsMs = levelsMs.clone();
    }

    @Override
    public long tagsCode(String topic, int queueId, RecordProperties properties, long storeTimestampMs) {
        if (!SystemTopics.SCHEDULE_TOPIC.equals(topic)) {
            return TAG_HASH.tagsCode(topic, queueId, properties, storeTimestampMs);
        }
        int index = Math.max(0, Math.min(queueId, levelsMs.length - 1));
        return storeTimestampMs + levelsMs[index];
    }
}
