package dev.skiff.namesrv.route;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.util.List;
import java.util.Objects;

/**
 * One REGISTER_BROKER as the registry needs it.
 *
 * @param timeoutMs the broker's own liveness timeout, or null for the name server's default
 * @param enableActingMaster null for old brokers, which can never be prime slaves
 * @param filterServers null leaves the broker's filter servers as they were
 */
public record BrokerRegistration(
        String clusterName,
        String brokerAddr,
        String brokerName,
        long brokerId,
        String haServerAddr,
        String zoneName,
        Long timeoutMs,
        Boolean enableActingMaster,
        TopicConfigSerializeWrapper topics,
        List<String> filterServers,
        RemotingChannel channel) {

    public BrokerRegistration {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(topics, "topics");
    }
}
