package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/** Where a request came from, and the one way to answer it. */
public interface RequestContext {

    /** The connection the request arrived on. */
    RemotingChannel channel();

    /**
     * Sends the response: sets its response flag and the request's opaque, and writes it. Safe to
     * call from any thread, at most once; for a one-way request it does nothing.
     */
    void respond(RemotingCommand response);

    /** Whether the request was one-way (no response will be sent). */
    boolean isOneway();

    /**
     * Says the request is being held (a pull parked by long or short polling), so its latency is
     * counted with {@code is_long_polling="true"}. Call before handing the request to the thread
     * that will answer it.
     */
    default void markLongPolling() {}
}
