package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/**
 * Handles the requests of one or more request codes. It runs on the executor it was registered
 * with, except for the non-blocking fast paths a processor opts into ({@link #processInline}). It answers through {@link RequestContext#respond} now or later
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

    /**
     * The general fast path on the I/O thread: a processor that can handle this request without
     * blocking takes it here, answers through {@code ctx} (now or later, from any thread) and
     * returns {@code true}; {@code false} sends it to {@link #process} on the executor. It must
     * decide before any side effect. Exceptions are answered like those of {@link #process}, never
     * retried on the executor. The default serves {@link #answerInline}.
     */
    default boolean processInline(RequestContext ctx, RemotingCommand request) throws Exception {
        RemotingCommand response;
        try {
            response = answerInline(ctx.channel(), request);
        } catch (RuntimeException e) {
            return false; // the executor path answers with the proper error
        }
        if (response == null) {
            return false;
        }
        ctx.respond(response);
        return true;
    }
}
