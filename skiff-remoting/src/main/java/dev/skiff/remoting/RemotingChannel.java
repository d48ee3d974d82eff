package dev.skiff.remoting;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One live connection, seen from either end. Requests can be sent both ways on it: a broker
 * sends requests to a client over the client's own connection.
 */
public interface RemotingChannel {

    /** The peer's address as "ip:port". */
    String remoteAddress();

    SocketAddress remoteSocketAddress();

    /** This end's address as "ip:port". */
    String localAddress();

    boolean isActive();

    /** The language the peer announced in its latest request, or {@code null} before any. */
    LanguageCode peerLanguage();

    /** The version the peer announced in its latest request, or 0 before any. */
    int peerVersion();

    /** Sends a request and completes with the response, or exceptionally with a {@link RemotingException}. */
    CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs);

    /** Sends a request and waits for the response. */
    RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) throws RemotingException, InterruptedException;

    /** Sends a one-way request; completes when it was written (or failed to be). */
    CompletableFuture<Void> invokeOneway(RemotingCommand request);

    /** Closes the connection. */
    void close();
}
