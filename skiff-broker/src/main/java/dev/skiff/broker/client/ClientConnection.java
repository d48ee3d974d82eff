package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.LanguageCode;
import java.util.Objects;

/**
 * One client instance as a group member: its id, its connection, the language and remoting
 * version it announced, and when it last heart-beat (ms, from the broker's clock). Only the
 * heartbeat time changes, and it may be read from any thread.
 */
public final class ClientConnection {
    private final String clientId;
    private final RemotingChannel channel;
    private final LanguageCode language;
    private final int version;
    private volatile long lastHeartbeatMs;

    public ClientConnection(
            String clientId, RemotingChannel channel, LanguageCode language, int version, long lastHeartbeatMs) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.language = language == null ? LanguageCode.JAVA : language;
        this.version = version;
        this.lastHeartbeatMs = lastHeartbeatMs;
    }

    public String clientId() {
        return clientId;
    }

    public RemotingChannel channel() {
        return channel;
    }

    /** The client's address as "ip:port". */
    public String clientAddr() {
        return channel.remoteAddress();
    }

    public LanguageCode language() {
        return language;
    }

    /** The remoting version the client announced (e.g. 479). */
    public int version() {
        return version;
    }

    public long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    void touch(long nowMs) {
        lastHeartbeatMs = Math.max(lastHeartbeatMs, nowMs);
    }

    @Override
    public String toString() {
        return clientId + "@" + clientAddr();
    }
}
