package dev.skiff.namesrv.route;

import java.util.Objects;

/** A broker process: its cluster and address. Liveness is tracked per key. */
public record BrokerAddrKey(String clusterName, String brokerAddr) {
    public BrokerAddrKey {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
    }
}
