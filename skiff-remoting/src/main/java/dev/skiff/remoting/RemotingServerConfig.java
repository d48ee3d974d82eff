package dev.skiff.remoting;

import dev.skiff.remoting.protocol.SerializeType;

/**
 * Settings of a {@link RemotingServer}; every key and default is here.
 *
 * @param bindHost address to listen on (default 0.0.0.0)
 * @param port port to listen on; 0 picks a free one
 * @param ioThreads Netty event-loop threads (default 2)
 * @param frameMaxBytes largest accepted frame, including the 4-byte length (default 16 MiB)
 * @param idleTimeoutMs a connection with no read and no write for this long is closed (default 120 s)
 * @param serializeType header encoding of the commands this server sends (default JSON)
 * @param shutdownGoAway send GO_AWAY to peers newer than 5.3.1 when shutting down (default true)
 * @param tls TLS settings (default disabled)
 */
public record RemotingServerConfig(
        String bindHost,
        int port,
        int ioThreads,
        int frameMaxBytes,
        long idleTimeoutMs,
        SerializeType serializeType,
        boolean shutdownGoAway,
        TlsSettings tls) {

    public static final int DEFAULT_FRAME_MAX_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 120_000;

    public RemotingServerConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost is required");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (ioThreads < 1 || ioThreads > 256) {
            throw new IllegalArgumentException("ioThreads must be 1..256: " + ioThreads);
        }
        if (frameMaxBytes < 1024) {
            throw new IllegalArgumentException("frameMaxBytes must be at least 1024: " + frameMaxBytes);
        }
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("idleTimeoutMs must not be negative: " + idleTimeoutMs);
        }
        if (serializeType == null || tls == null) {
            throw new IllegalArgumentException("serializeType and tls are required");
        }
    }

    public static RemotingServerConfig defaults(int port) {
        return new RemotingServerConfig(
                "0.0.0.0",
                port,
                2,
                DEFAULT_FRAME_MAX_BYTES,
                DEFAULT_IDLE_TIMEOUT_MS,
                SerializeType.JSON,
                true,
                TlsSettings.disabled());
    }

    public RemotingServerConfig withBindHost(String host) {
        return new RemotingServerConfig(
                host, port, ioThreads, frameMaxBytes, idleTimeoutMs, serializeType, shutdownGoAway, tls);
    }

    public RemotingServerConfig withFrameMaxBytes(int bytes) {
        return new RemotingServerConfig(
                bindHost, port, ioThreads, bytes, idleTimeoutMs, serializeType, shutdownGoAway, tls);
    }

    public RemotingServerConfig withIdleTimeoutMs(long ms) {
        return new RemotingServerConfig(
                bindHost, port, ioThreads, frameMaxBytes, ms, serializeType, shutdownGoAway, tls);
    }

    public RemotingServerConfig withSerializeType(SerializeType type) {
        return new RemotingServerConfig(
                bindHost, port, ioThreads, frameMaxBytes, idleTimeoutMs, type, shutdownGoAway, tls);
    }

    public RemotingServerConfig withIoThreads(int threads) {
        return new RemotingServerConfig(
                bindHost, port, threads, frameMaxBytes, idleTimeoutMs, serializeType, shutdownGoAway, tls);
    }
}
