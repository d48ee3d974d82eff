package dev.skiff.remoting;

import dev.skiff.remoting.protocol.SerializeType;

/**
 * The transport keys a server's config shares with every other server (the broker and the name
 * server name them alike), and the one place they become a {@link RemotingServerConfig}. A config
 * record implements it with its components of these names.
 */
public interface ServerTransportKeys {
    String listenHost();

    int listenPort();

    int ioThreads();

    int frameMaxBytes();

    long idleTimeoutMs();

    long partialFramesMaxBytes();

    long frameDeadlineMs();

    /** The official {@code tls.*} keys of the config. */
    TlsOptions tlsOptions();

    /** The remoting server's settings: listen address, threads, frame limits, TLS; JSON headers, GO_AWAY on shutdown. */
    default RemotingServerConfig transportConfig() {
        return new RemotingServerConfig(
                listenHost(),
                listenPort(),
                ioThreads(),
                frameMaxBytes(),
                idleTimeoutMs(),
                SerializeType.JSON,
                true,
                tlsOptions().server(),
                partialFramesMaxBytes(),
                frameDeadlineMs());
    }
}
