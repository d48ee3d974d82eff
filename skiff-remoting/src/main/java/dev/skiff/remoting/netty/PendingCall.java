package dev.skiff.remoting.netty;

import dev.skiff.remoting.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A request waiting for its response, keyed by opaque in its channel's table. Whoever removes it
 * from the table (response, timeout, write failure or channel close) completes it, so it
 * completes exactly once.
 */
final class PendingCall {
    final RemotingCommand request;
    final long timeoutMs;
    /** Sync callers wait on the future themselves: complete it on the I/O thread, no hop. */
    final boolean sync;

    final CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;

    PendingCall(RemotingCommand request, long timeoutMs, boolean sync) {
        this.request = request;
        this.timeoutMs = timeoutMs;
        this.sync = sync;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
