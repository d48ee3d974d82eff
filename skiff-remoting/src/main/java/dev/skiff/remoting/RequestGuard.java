package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/**
 * A server-side check that runs on every received request before any processor sees it (before
 * the processors' inline fast paths too): the seam for authentication and authorization. It runs
 * on the connection's I/O thread, so it must not block: no disk, no locks that writers hold, no
 * waiting; read immutable snapshots.
 *
 * <p>{@link #check} returns {@code null} to let the request through, or the refusal to answer it
 * with (a response code and remark; the transport sets the opaque). A refused request reaches no
 * processor. A guard that throws refuses the request with {@code SYSTEM_ERROR}: a broken check
 * never lets a request through.
 */
@FunctionalInterface
public interface RequestGuard {

    /** A guard that lets every request through. */
    RequestGuard ALLOW_ALL = (channel, request) -> null;

    /**
     * @param channel the connection the request arrived on
     * @param request the decoded request (ext fields and body as received)
     * @return {@code null} to serve the request, or the response that refuses it
     */
    RemotingCommand check(RemotingChannel channel, RemotingCommand request);
}
