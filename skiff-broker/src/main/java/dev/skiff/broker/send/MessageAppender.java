package dev.skiff.broker.send;

import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The one way messages enter the store: producers' sends, retries sent back by consumers,
 * delayed messages coming due. Single messages pass through the rewriters in the order they
 * were added; batches pass through the batch rewriters (which keep a batch one append: a batch
 * whose messages carry a delivery time is parked whole in the timer topic). Producers' sends (single and batch) then pass the replica wait, when one is set
 * (sync replication): the answer waits for the slaves after the store's flush.
 */
public final class MessageAppender {
    private final MessageStore store;
    private final List<MessageRewriter> rewriters = new CopyOnWriteArrayList<>();
    private final List<BatchRewriter> batchRewriters = new CopyOnWriteArrayList<>();
    private volatile Function<PutResult, CompletableFuture<PutResult>> replicaWait;
    private volatile boolean refuseAll;
    private volatile BooleanSupplier writeGuard;

    public MessageAppender(MessageStore store) {
        this.store = store;
    }

    /** Adds a rewrite; wiring time only. */
    public void addRewriter(MessageRewriter rewriter) {
        rewriters.add(rewriter);
    }

    /** Adds a rewrite of whole batches; wiring time only. */
    public void addBatchRewriter(BatchRewriter rewriter) {
        batchRewriters.add(rewriter);
    }

    /**
     * Sets the wait a stored send passes after the store's flush: given the stored result, it
     * completes with it, or with its replication status. Wiring time only.
     */
    public void setReplicaWait(Function<PutResult, CompletableFuture<PutResult>> wait) {
        this.replicaWait = wait;
    }

    /**
     * Refuses every append from now on (SERVICE_NOT_AVAILABLE): a slave's log is written by
     * replication only, and a local append (a send, a due delayed message) would make it diverge
     * from its master's. Wiring time only.
     */
    public void refuseAll() {
        this.refuseAll = true;
    }

    /**
     * Refuses (true) or accepts (false) appends from now on: in controller mode a broker's role,
     * and so whether it writes, changes while it runs.
     */
    public void refuseAll(boolean refuse) {
        this.refuseAll = refuse;
    }

    /**
     * Sets a check every append passes besides {@link #refuseAll(boolean)}: false refuses the
     * append (SERVICE_NOT_AVAILABLE). In controller mode it is the master's lease, read from the
     * clock at each append. Wiring time only.
     */
    public void setWriteGuard(BooleanSupplier guard) {
        this.writeGuard = guard;
    }

    private boolean refused() {
        BooleanSupplier guard = writeGuard;
        return refuseAll || (guard != null && !guard.getAsBoolean());
    }

    private static final CompletableFuture<PutResult> REFUSED =
            CompletableFuture.completedFuture(PutResult.refused(dev.skiff.store.PutStatus.SERVICE_NOT_AVAILABLE));

    /** Applies the rewrites and appends. */
    public CompletableFuture<PutResult> append(MessageToStore message) {
        if (refused()) {
            return REFUSED;
        }
        return replicated(store.putMessage(rewrite(message)));
    }

    private CompletableFuture<PutResult> replicated(CompletableFuture<PutResult> stored) {
        Function<PutResult, CompletableFuture<PutResult>> wait = replicaWait;
        return wait == null ? stored : stored.thenCompose(r -> r.isStored() ? wait.apply(r) : stored);
    }

    /**
     * As {@link #append}, on a thread that must not wait: null, with nothing appended, when the
     * store would have to wait ({@link MessageStore#appendWithoutWaiting}).
     */
    public CompletableFuture<PutResult> appendWithoutWaiting(MessageToStore message) {
        if (refused()) {
            return REFUSED;
        }
        CompletableFuture<PutResult> stored = store.putMessageWithoutWaiting(rewrite(message));
        return stored == null ? null : replicated(stored);
    }

    /** As {@link #appendBatch}, never waiting: null when the store would have to wait. */
    public CompletableFuture<PutResult> appendBatchWithoutWaiting(List<MessageToStore> batch) {
        if (refused()) {
            return REFUSED;
        }
        CompletableFuture<PutResult> stored = store.putMessagesWithoutWaiting(rewriteBatch(batch));
        return stored == null ? null : replicated(stored);
    }

    /** Appends without rewriting (a message already in its final form, e.g. a due delayed one). */
    public CompletableFuture<PutResult> appendAsIs(MessageToStore message) {
        if (refused()) {
            return REFUSED;
        }
        return store.putMessage(message);
    }

    /**
     * Appends messages already in their final form (each to its own topic and queue, e.g. due
     * timers) contiguously as separate records, all or nothing, in one append.
     */
    public CompletableFuture<PutResult> appendGroupAsIs(List<MessageToStore> messages) {
        if (refused()) {
            return REFUSED;
        }
        return store.putMessages(messages);
    }

    /**
     * Applies the batch rewrites and appends the batch contiguously, all or nothing; throws {@link
     * RewriteRefusedException} when a rewrite refuses it.
     */
    public CompletableFuture<PutResult> appendBatch(List<MessageToStore> batch) {
        if (refused()) {
            return REFUSED;
        }
        return replicated(store.putMessages(rewriteBatch(batch)));
    }

    /** What {@link #appendBatch} would store. */
    public List<MessageToStore> rewriteBatch(List<MessageToStore> batch) {
        List<MessageToStore> b = batch;
        for (BatchRewriter rewriter : batchRewriters) {
            b = rewriter.rewrite(b);
        }
        return b;
    }

    /** What {@link #append} would store. */
    public MessageToStore rewrite(MessageToStore message) {
        MessageToStore m = message;
        for (MessageRewriter rewriter : rewriters) {
            m = rewriter.rewrite(m);
        }
        return m;
    }
}
