package dev.skiff.remoting;

import dev.skiff.remoting.protocol.SerializeType;
import io.netty.util.internal.PlatformDependent;
import java.util.function.Consumer;

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
 * @param partialFramesMaxBytes bytes all connections together may hold in frames that have not
 *     fully arrived; past it a connection starting another partial frame is closed. 0 (default) =
 *     a quarter of the JVM's max direct memory; never less than {@code frameMaxBytes}
 * @param frameDeadlineMs a frame must arrive whole within this long of its first byte, or its
 *     connection is closed; 0 = no deadline (default 30 s)
 */
public record RemotingServerConfig(
        String bindHost,
        int port,
        int ioThreads,
        int frameMaxBytes,
        long idleTimeoutMs,
        SerializeType serializeType,
        boolean shutdownGoAway,
        TlsSettings tls,
        long partialFramesMaxBytes,
        long frameDeadlineMs) {

    public static final int DEFAULT_FRAME_MAX_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 120_000;
    public static final long DEFAULT_FRAME_DEADLINE_MS = 30_000;
    /** Share of the max direct memory the partial-frame budget takes by default. */
    private static final int PARTIAL_FRAMES_DIRECT_MEMORY_DIVISOR = 4;

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
        if (partialFramesMaxBytes < 0) {
            throw new IllegalArgumentException(
                    "partialFramesMaxBytes must not be negative (0 = default): " + partialFramesMaxBytes);
        }
        if (frameDeadlineMs < 0) {
            throw new IllegalArgumentException("frameDeadlineMs must not be negative: " + frameDeadlineMs);
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
                TlsSettings.disabled(),
                0,
                DEFAULT_FRAME_DEADLINE_MS);
    }

    /**
     * The partial-frame budget in bytes: {@code partialFramesMaxBytes}, or a quarter of the max
     * direct memory when it is 0; at least {@code frameMaxBytes}.
     */
    public long effectivePartialFramesMaxBytes() {
        long bytes = partialFramesMaxBytes > 0
                ? partialFramesMaxBytes
                : PlatformDependent.maxDirectMemory() / PARTIAL_FRAMES_DIRECT_MEMORY_DIVISOR;
        return Math.max(bytes, frameMaxBytes);
    }

    public RemotingServerConfig withBindHost(String host) {
        return edit(f -> f.bindHost = host);
    }

    public RemotingServerConfig withFrameMaxBytes(int bytes) {
        return edit(f -> f.frameMaxBytes = bytes);
    }

    public RemotingServerConfig withIdleTimeoutMs(long ms) {
        return edit(f -> f.idleTimeoutMs = ms);
    }

    public RemotingServerConfig withSerializeType(SerializeType type) {
        return edit(f -> f.serializeType = type);
    }

    public RemotingServerConfig withPartialFramesMaxBytes(long bytes) {
        return edit(f -> f.partialFramesMaxBytes = bytes);
    }

    public RemotingServerConfig withFrameDeadlineMs(long ms) {
        return edit(f -> f.frameDeadlineMs = ms);
    }

    public RemotingServerConfig withTls(TlsSettings settings) {
        return edit(f -> f.tls = settings);
    }

    public RemotingServerConfig withIoThreads(int threads) {
        return edit(f -> f.ioThreads = threads);
    }

    /** A copy with the fields {@code change} sets replaced, checked as any new config. */
    private RemotingServerConfig edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new RemotingServerConfig(
                f.bindHost,
                f.port,
                f.ioThreads,
                f.frameMaxBytes,
                f.idleTimeoutMs,
                f.serializeType,
                f.shutdownGoAway,
                f.tls,
                f.partialFramesMaxBytes,
                f.frameDeadlineMs);
    }

    /** The components of a config being edited (one wither's worth of change, then discarded). */
    private static final class Fields {
        String bindHost;
        int port;
        int ioThreads;
        int frameMaxBytes;
        long idleTimeoutMs;
        SerializeType serializeType;
        boolean shutdownGoAway;
        TlsSettings tls;
        long partialFramesMaxBytes;
        long frameDeadlineMs;

        Fields(RemotingServerConfig c) {
            bindHost = c.bindHost;
            port = c.port;
            ioThreads = c.ioThreads;
            frameMaxBytes = c.frameMaxBytes;
            idleTimeoutMs = c.idleTimeoutMs;
            serializeType = c.serializeType;
            shutdownGoAway = c.shutdownGoAway;
            tls = c.tls;
            partialFramesMaxBytes = c.partialFramesMaxBytes;
            frameDeadlineMs = c.frameDeadlineMs;
        }
    }
}
