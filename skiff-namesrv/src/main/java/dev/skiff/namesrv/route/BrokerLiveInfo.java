package dev.skiff.namesrv.route;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.DataVersion;

/**
 * What the registry knows about a live broker process. Everything but the last-heard time is fixed
 * at registration; the time is refreshed by heartbeats and data-version queries.
 */
final class BrokerLiveInfo {
    private volatile long lastUpdateMs;
    private final long timeoutMs;
    private final DataVersion dataVersion;
    private final RemotingChannel channel;
    private final String haServerAddr;

    BrokerLiveInfo(
            long lastUpdateMs, long timeoutMs, DataVersion dataVersion, RemotingChannel channel, String haServerAddr) {
        this.lastUpdateMs = lastUpdateMs;
        this.timeoutMs = timeoutMs;
        this.dataVersion = dataVersion;
        this.channel = channel;
        this.haServerAddr = haServerAddr;
    }

    long lastUpdateMs() {
        return lastUpdateMs;
    }

    void touch(long nowMs) {
        lastUpdateMs = nowMs;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    boolean expired(long nowMs) {
        return lastUpdateMs + timeoutMs < nowMs;
    }

    DataVersion dataVersion() {
        return dataVersion;
    }

    RemotingChannel channel() {
        return channel;
    }

    String haServerAddr() {
        return haServerAddr;
    }
}
