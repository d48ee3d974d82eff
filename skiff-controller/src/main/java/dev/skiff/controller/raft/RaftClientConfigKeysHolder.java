package dev.skiff.controller.raft;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.util.TimeDuration;

/** The client side's Ratis settings: each try bounded by the request timeout. */
final class RaftClientConfigKeysHolder {
    private RaftClientConfigKeysHolder() {}

    static void configure(RaftProperties props, long requestTimeoutMs) {
        RaftClientConfigKeys.Rpc.setRequestTimeout(
                props, TimeDuration.valueOf(requestTimeoutMs, TimeUnit.MILLISECONDS));
    }
}
