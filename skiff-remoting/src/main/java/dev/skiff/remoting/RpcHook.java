package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/**
 * Runs around every request a client or server sends: the seam for request signing (ACL), name
 * spaces and tracing. {@code beforeRequest} may add ext fields; it runs on the caller's thread
 * after the header fields are in place.
 */
public interface RpcHook {

    void beforeRequest(String remoteAddress, RemotingCommand request);

    default void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {}
}
