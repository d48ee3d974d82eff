package dev.skiff.broker.transaction;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.HeaderException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code END_TRANSACTION} (37): the producer's decision on one half message. The official
 * client sends it one-way, so the answers below matter only to tools that wait for one.
 *
 * <ul>
 *   <li>Unknown (type 0): nothing happens; the check-back will ask again.
 *   <li>Commit (8): the message is stored to its real topic and queue (body, flag, born host and
 *       time, properties with {@code UNIQ_KEY} and keys, without {@code REAL_TOPIC}, {@code
 *       REAL_QID} and {@code TRAN_MSG}; sysFlag type commit; prepared offset = the half's commit-log
 *       offset), then the decision is recorded in the op topic. A delay level it carries applies now.
 *   <li>Rollback (12): the decision is recorded; nothing is delivered.
 * </ul>
 *
 * <p><b>Idempotent across a crash.</b> A half message stored before this broker started may already
 * have its committed copy in the log without its op record (a crash between the two writes); a
 * commit then records the decision only ({@link CommittedCopies}). Such a commit arriving before
 * the dispatcher has indexed the log as it was at start is refused with 2 (SYSTEM_BUSY) for now.
 *
 * <p>Refused with 1 (SYSTEM_ERROR): no half message at the commit-log offset, a producer group or
 * half-queue offset that does not match it, or a message already decided (or being decided): so a
 * repeated or late decision never delivers twice. Refused with 604 (ILLEGAL_OPERATION): a decision
 * not from a check-back on a message that asked for check immunity ({@code
 * CHECK_IMMUNITY_TIME_IN_SECONDS}) and is older than it, as the official broker does: the check-back
 * owns it from then on. A slave answers 11 (SLAVE_NOT_AVAILABLE).
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final HalfTransactions halves;
    private final MessageAppender appender;
    private final SkiffClock clock;
    private final boolean master;
    private final long timeoutMs;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong recoveredCommits = new AtomicLong();

    public EndTransactionProcessor(
            HalfTransactions halves, MessageAppender appender, SkiffClock clock, boolean master, long timeoutMs) {
        this.halves = halves;
        this.appender = appender;
        this.clock = clock;
        this.master = master;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        EndTransactionHeader header;
        try {
            header = EndTransactionHeader.decode(request.fields());
        } catch (HeaderException | IllegalArgumentException e) {
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "bad END_TRANSACTION header: " + e.getMessage());
            return;
        }
        if (!master) {
            refuse(ctx, ResponseCode.SLAVE_NOT_AVAILABLE, "a slave does not take transaction decisions");
            return;
        }
        int type = header.commitOrRollback();
        if (type != TransactionNames.COMMIT_TYPE && type != TransactionNames.ROLLBACK_TYPE) {
            ctx.respond(RemotingCommand.success()); // unknown: the check-back asks again
            return;
        }
        StoredMessage half = halves.lookup(header.commitLogOffset());
        String problem = mismatch(half, header);
        if (problem != null) {
            refuse(ctx, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        if (!header.fromTransactionCheck() && pastImmunity(half)) {
            refuse(ctx, ResponseCode.ILLEGAL_OPERATION, "past its check immunity; the check-back decides it");
            return;
        }
        HalfLedger.Take take = halves.take(half);
        if (take != HalfLedger.Take.TAKEN) {
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "half message " + half.queueOffset() + " is not undecided: " + take);
            return;
        }
        if (type == TransactionNames.ROLLBACK_TYPE) {
            rollback(ctx, half, rolledBack);
            return;
        }
        switch (halves.committedCopy(half)) {
            case YES -> {
                // a crash (or a refused op append) came between the copy and its op record: the
                // copy is delivered already, so only the decision is recorded now
                recoveredCommits.incrementAndGet();
                rollback(ctx, half, committed);
                return;
            }
            case NOT_YET -> {
                halves.release(half.queueOffset());
                refuse(
                        ctx,
                        ResponseCode.SYSTEM_BUSY,
                        "the broker is still indexing its log after a restart; try again");
                return;
            }
            case NO -> {}
        }
        MessageToStore copy = committedCopy(half);
        if (copy == null) {
            halves.release(half.queueOffset());
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "the half message does not name its real topic and queue");
            return;
        }
        commit(ctx, half, copy);
    }

    /**
     * Stores the committed copy, then the op record, both on this thread: the append is done when
     * {@link MessageAppender#append} returns (the future only waits for the flush), and the op
     * record comes after the copy in the log, so no crash can keep the decision and lose the copy.
     * Nothing here runs on the store's flush thread, which must not append.
     */
    private void commit(RequestContext ctx, StoredMessage half, MessageToStore copy) {
        CompletableFuture<PutResult> flushed;
        PutResult refusedNow;
        try {
            flushed = appender.append(copy);
            refusedNow = flushed.getNow(null);
        } catch (CompletionException | IllegalStateException e) {
            halves.release(half.queueOffset());
            log.warn("committing half message {} failed", half.queueOffset(), e);
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "the store did not take the committed message");
            return;
        }
        if (refusedNow != null && !refusedNow.isStored()) {
            halves.release(half.queueOffset());
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "the store refused the committed message: " + refusedNow.status());
            return;
        }
        if (!halves.finish(half.queueOffset())) {
            halves.copyStoredWithoutOp(half); // so the next COMMIT records the decision only
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "the store did not take the decision record");
            return;
        }
        committed.incrementAndGet();
        flushed.whenComplete((result, error) -> ctx.respond(
                error == null
                        ? RemotingCommand.success()
                        : RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "flush failed: " + error)));
    }

    /** Records the decision only (a rollback, or a commit whose copy is stored already). */
    private void rollback(RequestContext ctx, StoredMessage half, AtomicLong counter) {
        if (!halves.finish(half.queueOffset())) {
            refuse(ctx, ResponseCode.SYSTEM_ERROR, "the store did not take the decision record");
            return;
        }
        counter.incrementAndGet();
        ctx.respond(RemotingCommand.success());
    }

    private static String mismatch(StoredMessage half, EndTransactionHeader header) {
        if (half == null) {
            return "no half message at commit-log offset " + header.commitLogOffset();
        }
        if (!header.producerGroup().equals(half.property(TransactionNames.PGROUP))) {
            return "producer group " + header.producerGroup() + " does not own the half message";
        }
        if (half.queueOffset() != header.tranStateTableOffset()) {
            return "half-queue offset " + header.tranStateTableOffset() + " does not match the half message";
        }
        return null;
    }

    private boolean pastImmunity(StoredMessage half) {
        long immunityMs = HalfTransactions.immunityMs(half);
        return immunityMs > 0 && clock.nowMs() - half.storeTimestampMs() > Math.max(immunityMs, timeoutMs);
    }

    /**
     * The message a commit stores, or null when the half does not say where it goes. Public so a
     * test can store it alone, as a crash between the copy and the op record leaves the log.
     */
    public static MessageToStore committedCopy(StoredMessage half) {
        String topic = CheckMessage.realTopic(half);
        int queueId = CheckMessage.realQueueId(half);
        if (topic == null || topic.isEmpty() || queueId < 0) {
            return null;
        }
        return new MessageToStore(
                topic,
                queueId,
                half.flag(),
                half.body(),
                CheckMessage.committedProperties(half.properties()),
                TransactionNames.withType(half.sysFlag(), TransactionNames.COMMIT_TYPE),
                half.bornTimestampMs(),
                half.bornHost(),
                half.reconsumeTimes(),
                half.physicalOffset());
    }

    private void refuse(RequestContext ctx, ResponseCode code, String remark) {
        refused.incrementAndGet();
        ctx.respond(RemotingCommand.response(code, remark));
    }

    public long committedCount() {
        return committed.get();
    }

    public long rolledBackCount() {
        return rolledBack.get();
    }

    /** Commits that found their copy already stored (after a crash between copy and op record). */
    public long recoveredCommitCount() {
        return recoveredCommits.get();
    }

    public long refusedCount() {
        return refused.get();
    }
}
