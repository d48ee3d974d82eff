package dev.skiff.broker.transaction;

import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check-back: each {@link #round} reads what arrived in the half and op queues, then, for every
 * undecided half message that is due, either asks a live producer of its group ({@code
 * CHECK_TRANSACTION_STATE}, one-way over the producer's connection) or, after {@code
 * transactionCheckMax} checks, gives it up to {@code TRANS_CHECK_MAX_TIME_TOPIC} (logged, and
 * recorded as decided).
 *
 * <p>Due: first when older than {@code transactionTimeOut} (or its {@code
 * CHECK_IMMUNITY_TIME_IN_SECONDS}, when longer), then every {@code transactionCheckInterval}. A check
 * counts also when no producer of the group is connected, as in the official broker, so a group that
 * never comes back does not keep messages forever. The broker runs rounds on its housekeeping
 * scheduler every {@link #roundIntervalMs}; a round handles at most {@link #DUE_PER_ROUND_MAX}
 * messages.
 */
public final class TransactionCheckService {
    private static final Logger log = LoggerFactory.getLogger(TransactionCheckService.class);
    static final int DUE_PER_ROUND_MAX = 10_000;
    private static final long PUT_TIMEOUT_MS = 10_000;

    private final HalfTransactions halves;
    private final ProducerRegistry producers;
    private final MessageAppender appender;
    private final TopicConfigTable topics;
    private final SkiffClock clock;
    private final String brokerName;
    private final long intervalMs;
    private final int checkMax;
    private final long roundIntervalMs;
    private final AtomicLong checksSent = new AtomicLong();
    private final AtomicLong checksWithoutProducer = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    public TransactionCheckService(
            HalfTransactions halves,
            ProducerRegistry producers,
            MessageAppender appender,
            TopicConfigTable topics,
            SkiffClock clock,
            String brokerName,
            long timeoutMs,
            long intervalMs,
            int checkMax) {
        this.halves = halves;
        this.producers = producers;
        this.appender = appender;
        this.topics = topics;
        this.clock = clock;
        this.brokerName = brokerName;
        this.intervalMs = intervalMs;
        this.checkMax = checkMax;
        this.roundIntervalMs = Math.max(10, Math.min(Math.min(timeoutMs, intervalMs), 1_000));
    }

    /** How often the broker should call {@link #round}: often enough to meet each due time closely. */
    public long roundIntervalMs() {
        return roundIntervalMs;
    }

    /** One round; never throws (a failure is logged and the next round tries again). */
    public void round() {
        try {
            halves.catchUp();
            List<HalfEntry> due = halves.due(clock.nowMs(), DUE_PER_ROUND_MAX);
            for (HalfEntry entry : due) {
                if (entry.checks() >= checkMax) {
                    giveUp(entry);
                } else {
                    check(entry);
                }
            }
        } catch (RuntimeException e) {
            log.warn("transaction check round failed", e);
        }
    }

    private void check(HalfEntry entry) {
        StoredMessage half = halves.lookup(entry.commitLogOffset());
        if (half == null || CheckMessage.realTopic(half) == null) {
            log.warn("half message {} is unreadable; giving it up", entry.halfOffset());
            if (halves.takePending(entry.halfOffset())) {
                halves.finish(entry.halfOffset());
            }
            return;
        }
        if (!halves.checked(entry.halfOffset(), clock.nowMs(), intervalMs)) {
            return; // decided meanwhile
        }
        RemotingChannel channel = entry.producerGroup() == null ? null : producers.activeChannel(entry.producerGroup());
        if (channel == null) {
            checksWithoutProducer.incrementAndGet();
            return;
        }
        String uniqKey = half.property("UNIQ_KEY");
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.CHECK_TRANSACTION_STATE,
                        new CheckTransactionStateHeader(
                                SystemTopics.TRANS_HALF_TOPIC,
                                half.queueOffset(),
                                half.physicalOffset(),
                                uniqKey,
                                uniqKey,
                                half.offsetMsgId(),
                                brokerName))
                .markOneway()
                .body(CheckMessage.checkBody(half, entry.checks() + 1));
        channel.invokeOneway(request);
        checksSent.incrementAndGet();
    }

    private void giveUp(HalfEntry entry) {
        if (!halves.takePending(entry.halfOffset())) {
            return;
        }
        StoredMessage half = halves.lookup(entry.commitLogOffset());
        if (half != null && !storeGivenUp(half, entry.checks())) {
            halves.release(entry.halfOffset());
            return;
        }
        if (halves.finish(entry.halfOffset())) {
            discarded.incrementAndGet();
            log.warn(
                    "half message {} (transaction {}, real topic {}, group {}) stayed undecided after {} checks;"
                            + " moved to {}",
                    entry.halfOffset(),
                    half == null ? "?" : half.property("UNIQ_KEY"),
                    half == null ? "?" : CheckMessage.realTopic(half),
                    entry.producerGroup(),
                    entry.checks(),
                    SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
        }
    }

    /** Stores the given-up copy; false when the store did not take it. */
    private boolean storeGivenUp(StoredMessage half, int checks) {
        topics.ensure(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 1, TopicConfig.PERM_READ | TopicConfig.PERM_WRITE, 0);
        MessageToStore copy = new MessageToStore(
                SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC,
                0,
                half.flag(),
                half.body(),
                PropertyEdits.with(half.properties(), TransactionNames.CHECK_TIMES, Integer.toString(checks)),
                half.sysFlag(),
                half.bornTimestampMs(),
                half.bornHost(),
                half.reconsumeTimes(),
                half.physicalOffset());
        try {
            PutResult result = appender.appendAsIs(copy).get(PUT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return result.isStored();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("storing a given-up half message failed", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public long checksSentCount() {
        return checksSent.get();
    }

    /** Checks due while no producer of the group was connected (they count toward the limit). */
    public long checksWithoutProducerCount() {
        return checksWithoutProducer.get();
    }

    public long discardedCount() {
        return discarded.get();
    }
}
