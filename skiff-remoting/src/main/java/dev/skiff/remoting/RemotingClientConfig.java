package dev.skiff.remoting;

import dev.skiff.remoting.protocol.SerializeType;

/**
 * Settings of a {@link RemotingClient}; every key and default is here.
 *
 * @param ioThreads Netty event-loop threads (default 1)
 * @param connectTimeoutMs connection timeout (default 3 s)
 * @param frameMaxBytes largest accepted frame, including the 4-byte length (default 16 MiB)
 * @param idleTimeoutMs a connection with no read and no write for this long is closed (default 120 s)
 * @param serializeType header encoding of the commands this client sends (default JSON)
 * @param callbackThreads threads that complete async futures and run processors without an
 *     executor of their own (default 2)
 * @param tls TLS settings (default disabled)
 */
public record RemotingClientConfig(
        int ioThreads,
        long connectTimeoutMs,
        int frameMaxBytes,
        long idleTimeoutMs,
        SerializeType serializeType,
        int callbackThreads,
        TlsSettings tls) {

    public RemotingClientConfig {
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("ioThreads must be 1..64: " + ioThreads);
        }
        if (connectTimeoutMs < 1) {
            throw new IllegalArgumentException("connectTimeoutMs must be positive: " + connectTimeoutMs);
        }
        if (frameMaxBytes < 1024) {
            throw new IllegalArgumentException("frameMaxBytes must be at least 1024: " + frameMaxBytes);
        }
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("idleTimeoutMs must not be negative: " + idleTimeoutMs);
        }
        if (callbackThreads < 1 || callbackThreads > 256) {
            throw new IllegalArgumentException("callbackThreads must be 1..256: " + callbackThreads);
        }
        if (serializeType == null || tls == null) {
            throw new IllegalArgumentException("serializeType and tls are required");
        }
    }

    public static RemotingClientConfig defaults() {
        return new RemotingClientConfig(
                1,
                3_000,
                RemotingServerConfig.DEFAULT_FRAME_MAX_BYTES,
                RemotingServerConfig.DEFAULT_IDLE_TIMEOUT_MS,
                SerializeType.JSON,
                2,
                TlsSettings.disabled());
    }

    public RemotingClientConfig withSerializeType(SerializeType type) {
        return new RemotingClientConfig(
                ioThreads, connectTimeoutMs, frameMaxBytes, idleTimeoutMs, type, callbackThreads, tls);
    }

    public RemotingClientConfig withConnectTimeoutMs(long ms) {
        return new RemotingClientConfig(
                ioThreads, ms, frameMaxBytes, idleTimeoutMs, serializeType, callbackThreads, tls);
    }

    public RemotingClientConfig withTls(TlsSettings settings) {
        return new RemotingClientConfig(
                ioThreads, connectTimeoutMs, frameMaxBytes, idleTimeoutMs, serializeType, callbackThreads, settings);
    }

    public RemotingClientConfig withFrameMaxBytes(int bytes) {
        return new RemotingClientConfig(
                ioThreads, connectTimeoutMs, bytes, idleTimeoutMs, serializeType, callbackThreads, tls);
    }
}
