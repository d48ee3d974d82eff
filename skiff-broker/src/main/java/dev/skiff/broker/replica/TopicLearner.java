package dev.skiff.broker.replica;

import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.log.RateLimitedLog;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.DispatchedRecord;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a slave, gives every topic that arrives in the replicated log a topic config, so the slave can
 * serve (and, after a failover, keep) data it holds for a topic its {@link MetadataCopier} has not
 * copied yet.
 *
 * <p>Why: the copier runs every half second; a topic created on the master, written to, and the
 * master lost within that window left the slave holding the records under a topic it refused to
 * serve ({@code TOPIC_NOT_EXIST}) until a master came back — for ever, if none did. The log itself
 * says the topic exists and has at least {@code queueId + 1} queues, so the slave records exactly
 * that: a readable and writable topic with as many queues as the highest queue id seen, widened when
 * a higher one arrives. The master stays the authority: the copier's next successful round replaces
 * the whole table with the master's, learned entries included.
 *
 * <p>Cost on the dispatch thread: one map lookup per record; a topic is written to the table (one
 * file rewrite) only the first time it, or a higher queue id of it, is seen. Nothing is learned while
 * {@code isSlave} is false, so a master never resurrects a topic an operator deleted.
 */
public final class TopicLearner implements ArrivalListener {
    private static final Logger log = LoggerFactory.getLogger(TopicLearner.class);
    private static final int READ_WRITE = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    private final TopicConfigTable topics;
    private final BooleanSupplier isSlave;
    private final RateLimitedLog failures;

    public TopicLearner(TopicConfigTable topics, BooleanSupplier isSlave, SkiffClock clock) {
        this.topics = topics;
        this.isSlave = isSlave;
        this.failures = new RateLimitedLog(log, clock, 60_000);
    }

    @Override
    public void onArrival(DispatchedRecord record) {
        String topic = record.topic();
        int queueId = record.queueId();
        TopicConfig known = topics.get(topic);
        if (known != null && queueId < known.readQueueNums() && queueId < known.writeQueueNums()) {
            return;
        }
        if (queueId < 0 || !isSlave.getAsBoolean()) {
            return;
        }
        TopicConfig learned = known == null
                ? TopicConfig.of(topic, queueId + 1, queueId + 1, READ_WRITE)
                : new TopicConfig(
                        topic,
                        Math.max(known.readQueueNums(), queueId + 1),
                        Math.max(known.writeQueueNums(), queueId + 1),
                        known.perm(),
                        known.topicFilterType(),
                        known.topicSysFlag(),
                        known.order(),
                        known.attributes());
        try {
            topics.createOrUpdate(learned);
            log.info(
                    "learned topic {} from the replicated log ({} queues) ahead of the master's metadata",
                    topic,
                    learned.readQueueNums());
        } catch (RuntimeException e) { // the topic limit, or the table file cannot be written
            failures.warn("cannot record topic {} seen in the replicated log: {}", topic, e.toString());
        }
    }
}
