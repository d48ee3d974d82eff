package dev.skiff.broker.send;

import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one way messages enter the store: producers' sends, retries sent back by consumers,
 * delayed messages coming due. Single messages pass through the rewriters in the order they
 * were added; batches are stored as they are (the send path refuses batches that would need a
 * rewrite).
 */
public final class MessageAppender {
    private final MessageStore store;
    private final List<MessageRewriter> rewriters = new CopyOnWriteArrayList<>();

    public MessageAppender(MessageStore store) {
        this.store = store;
    }

    /** Adds a rewrite; wiring time only. */
    public void addRewriter(MessageRewriter rewriter) {
        rewriters.add(rewriter);
    }

    /** Applies the rewrites and appends. */
    public CompletableFuture<PutResult> append(MessageToStore message) {
        return store.putMessage(rewrite(message));
    }

    /**
     * As {@link #append}, on a thread that must not wait: null, with nothing appended, when the
     * store would have to wait ({@link MessageStore#appendWithoutWaiting}).
     */
    public CompletableFuture<PutResult> appendWithoutWaiting(MessageToStore message) {
        return store.putMessageWithoutWaiting(rewrite(message));
    }

    /** As {@link #appendBatch}, never waiting: null when the store would have to wait. */
    public CompletableFuture<PutResult> appendBatchWithoutWaiting(List<MessageToStore> batch) {
        return store.putMessagesWithoutWaiting(batch);
    }

    /** Appends without rewriting (a message already in its final form, e.g. a due delayed one). */
    public CompletableFuture<PutResult> appendAsIs(MessageToStore message) {
        return store.putMessage(message);
    }

    /** Appends a batch contiguously, all or nothing, without rewrites. */
    public CompletableFuture<PutResult> appendBatch(List<MessageToStore> batch) {
        return store.putMessages(batch);
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
