package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/**
 * Handles the requests of one or more request codes. It runs on the executor it was registered
 * with, never on an I/O thread. It answers through {@link RequestContext#respond} now or later
 * (long polling answers later), at most once.
 *
 * <p>Exceptions thrown here become error responses: {@link
 * dev.skiff.remoting.protocol.HeaderException} → {@code INVALID_PARAMETER} naming the field;
 * anything else → {@code SYSTEM_ERROR} with a short summary.
 */
@FunctionalInterface
public interface RequestProcessor {

    void process(RequestContext ctx, RemotingCommand request) throws Exception;

    /**
     * A fast path that runs on the I/O thread before the request is handed to the executor: a
     * processor that can answer from memory without blocking (no locks that writers hold, no
     * disk, no waiting) returns the response here and saves two thread hand-offs. Returning
     * {@code null}, or throwing, sends the request down the normal path to {@link #process}.
     */
    default RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        return null;
    }
}
