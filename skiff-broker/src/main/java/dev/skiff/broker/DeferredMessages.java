package dev.skiff.broker;

import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.lock.LockProcessor;
import dev.skiff.broker.lock.QueueLockTable;
import dev.skiff.broker.replica.SlaveRefusal;
import dev.skiff.broker.retry.RetryLimitRewriter;
import dev.skiff.broker.retry.RetryTopics;
import dev.skiff.broker.retry.SendBackProcessor;
import dev.skiff.broker.schedule.DelayDeliveryService;
import dev.skiff.broker.schedule.DelayOffsetTable;
import dev.skiff.broker.schedule.DelayRewriter;
import dev.skiff.broker.timer.SlotFlowControl;
import dev.skiff.broker.timer.TimerCheckpointProcessor;
import dev.skiff.broker.timer.TimerRewriter;
import dev.skiff.broker.timer.TimerService;
import dev.skiff.broker.timer.TimerSettings;
import dev.skiff.broker.transaction.EndTransactionProcessor;
import dev.skiff.broker.transaction.HalfMessageRewriter;
import dev.skiff.broker.transaction.HalfTransactions;
import dev.skiff.broker.transaction.TransactionCheckService;
import dev.skiff.common.RandomSource;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a broker delivers later or on a condition, wired onto its transport: queue locks and
 * send-back with retry and dead-letter topics; the 18 delay levels; half messages, {@code
 * END_TRANSACTION} and the check-back; timer messages (the rewriters that park them, the thread that
 * fires them, their checkpoint served to slaves). The firing duties (delay delivery, timers, the
 * check-back) start here on a master outside controller mode; in controller mode the role's duties
 * start and stop them. Closing stops the timer, then the delay delivery.
 */
final class DeferredMessages implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredMessages.class);

    private final BrokerCore core;
    private final boolean controllerMode;
    private final List<ArrivalListener> arrivals = new ArrayList<>();
    QueueLockTable queueLocks;
    DelayOffsetTable delayProgress;
    DelayDeliveryService delayDelivery;
    HalfTransactions halfTransactions;
    TransactionCheckService transactionCheck;
    TimerService timer;

    /**
     * @param producers where the check-back finds a producer of the group to ask
     * @param controllerMode the controller decides the role, so nothing fires until it does
     */
    DeferredMessages(BrokerCore core, ProducerRegistry producers, boolean controllerMode) throws IOException {
        this.core = core;
        this.controllerMode = controllerMode;
        wireOrderAndRetry();
        wireTransactions(producers);
        wireTimer();
    }

    /** What must see every dispatched record, in order (delay delivery, timers). */
    List<ArrivalListener> arrivalListeners() {
        return List.copyOf(arrivals);
    }

    /** Queue locks, send-back with retry and dead-letter topics, delay levels. */
    private void wireOrderAndRetry() throws IOException {
        queueLocks = new QueueLockTable(core.clock(), core.config().queueLockLeaseMs(), BrokerServer.QUEUE_LOCKS_MAX);
        core.transport().addChannelEventListener(queueLocks);
        LockProcessor lockProcessor = new LockProcessor(queueLocks);
        core.transport().registerProcessor(RequestCode.LOCK_BATCH_MQ, lockProcessor, core.executors().client);
        core.transport().registerProcessor(RequestCode.UNLOCK_BATCH_MQ, lockProcessor, core.executors().client);
        long lease = core.config().queueLockLeaseMs();
        core.executors().housekeeping.scheduleWithFixedDelay("queue lock purge", lease, lease, queueLocks::purgeLapsed);

        long[] levels = core.config().delayLevelsMs();
        RetryTopics retryTopics = new RetryTopics(core.topics());
        DelayRewriter delay = new DelayRewriter(levels.length);
        core.appender().addRewriter(new RetryLimitRewriter(core.groups(), retryTopics, queueLocks));
        core.appender().addRewriter(delay);
        core.transport()
                .registerProcessor(
                        RequestCode.CONSUMER_SEND_MSG_BACK,
                        core.config().isMaster()
                                ? new SendBackProcessor(
                                        core.live(), core.groups(), retryTopics, core.store(), core.appender(), delay)
                                : new SlaveRefusal(),
                        core.executors().send);

        delayProgress = DelayOffsetTable.open(core.config().configDir().resolve("delayOffset.json"), levels.length);
        delayDelivery = new DelayDeliveryService(core.store(), core.appender(), delayProgress, levels, core.clock());
        if (core.config().isMaster() || controllerMode) {
            arrivals.add(delayDelivery);
        }
        if (core.config().isMaster() && !controllerMode) { // a slave's log is its master's copy: it never writes to it
            delayDelivery.start(); // in controller mode the role's duties start it (wireRoleDuties)
        }
        long every = core.config().flushConsumerOffsetInterval();
        core.executors()
                .housekeeping
                .scheduleWithFixedDelay("delay progress persist", every, every, delayDelivery::persist);
    }

    /**
     * Half messages, END_TRANSACTION and the check-back. The half-message rewrite goes after the
     * delay rewrite, which leaves prepared messages alone.
     */
    private void wireTransactions(ProducerRegistry producers) throws IOException {
        core.appender().addRewriter(new HalfMessageRewriter());
        halfTransactions = HalfTransactions.open(
                core.config().configDir().resolve("transactionProgress.json"),
                core.store(),
                core.offsets(),
                core.storeHost(),
                core.clock(),
                core.config().transactionTimeOut(),
                BrokerServer.TRANSACTIONS_PENDING_MAX,
                ((DefaultMessageStore) core.store())::dispatchedOffset);
        core.transport()
                .registerProcessor(
                        RequestCode.END_TRANSACTION,
                        new EndTransactionProcessor(
                                halfTransactions,
                                core.appender(),
                                core.clock(),
                                core.config().isMaster(),
                                core.config().transactionTimeOut()),
                        core.executors().send);
        transactionCheck = new TransactionCheckService(
                halfTransactions,
                producers,
                core.appender(),
                core.topics(),
                core.clock(),
                core.config().brokerName(),
                core.config().transactionTimeOut(),
                core.config().transactionCheckInterval(),
                core.config().transactionCheckMax());
        if (core.config().isMaster() && !controllerMode) { // a slave's copies are decided by its master
            long round = transactionCheck.roundIntervalMs();
            core.executors()
                    .housekeeping
                    .scheduleWithFixedDelay("transaction check", 0, round, transactionCheck::round);
        }
        long every = core.config().flushConsumerOffsetInterval();
        core.executors()
                .housekeeping
                .scheduleWithFixedDelay("transaction persist", every, every, this::persistTransactions);
    }

    void persistTransactions() {
        try {
            halfTransactions.persist();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot persist transaction progress", e);
        }
    }

    /**
     * Timer messages: the rewriters that park them (single and batch, with the per-slot limit), the
     * thread that fires them, their checkpoint served to slaves (60) and copied from the master.
     */
    private void wireTimer() throws IOException {
        timer = TimerService.open(
                new TimerSettings(
                        core.config().storePathRootDir(),
                        core.config().timerPrecisionMs(),
                        core.config().timerMaxDelaySec(),
                        core.config().timerWheelWindowMs(),
                        core.config().timerWheelEntriesMax(),
                        TimerSettings.SEGMENT_BYTES_DEFAULT),
                core.store(),
                core.appender(),
                core.clock());
        TimerRewriter timerRewriter = new TimerRewriter(
                core.config().timerWheelEnable(),
                core.config().timerMaxDelaySec(),
                core.clock(),
                new SlotFlowControl(
                        core.config().timerCongestNumEachSlot(),
                        core.config().timerPrecisionMs(),
                        timer::waitingInSlot,
                        RandomSource.THREAD_LOCAL));
        core.appender().addRewriter(timerRewriter);
        core.appender().addBatchRewriter(timerRewriter);
        arrivals.add(timer);
        if (core.config().isMaster() && !controllerMode) {
            timer.start(); // a slave keeps the parked messages but fires nothing; see docs/timer.md
        }
        TimerCheckpointProcessor checkpoints = new TimerCheckpointProcessor(timer);
        for (int code : TimerCheckpointProcessor.codes()) {
            core.transport().registerProcessor(code, checkpoints, core.executors().admin);
        }
    }

    @Override
    public void close() {
        try {
            if (timer != null) {
                timer.close();
            }
        } finally {
            if (delayDelivery != null) {
                delayDelivery.close();
            }
        }
    }
}
