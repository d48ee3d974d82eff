package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Slave-acting-master presentation of a route: for a group in acting-master mode that has no
 * master and whose queues are read-only, the lowest-id slave is shown under id 0 so clients can
 * still read through it.
 */
final class ActingMaster {
    private ActingMaster() {}

    static TopicRouteData apply(TopicRouteData route) {
        boolean needed =
                route.brokerDatas().stream().anyMatch(b -> !b.brokerAddrs().isEmpty() && b.masterAddr() == null);
        if (!needed) {
            return route;
        }
        List<BrokerData> brokers = new ArrayList<>(route.brokerDatas().size());
        for (BrokerData broker : route.brokerDatas()) {
            brokers.add(needsActingMaster(broker, route.queueDatas()) ? promoteLowest(broker) : broker);
        }
        return new TopicRouteData(
                route.orderTopicConf(),
                route.queueDatas(),
                brokers,
                route.filterServerTable(),
                route.topicQueueMappingByBroker());
    }

    private static boolean needsActingMaster(BrokerData broker, List<QueueData> queues) {
        if (broker.brokerAddrs().isEmpty() || broker.masterAddr() != null || !broker.enableActingMaster()) {
            return false;
        }
        for (QueueData q : queues) {
            if (q.brokerName().equals(broker.brokerName())) {
                return (q.perm() & TopicConfig.PERM_WRITE) == 0;
            }
        }
        return false;
    }

    private static BrokerData promoteLowest(BrokerData broker) {
        TreeMap<Long, String> addrs = new TreeMap<>(broker.brokerAddrs());
        String lowest = addrs.remove(addrs.firstKey());
        addrs.put(BrokerData.MASTER_ID, lowest);
        return broker.withBrokerAddrs(addrs);
    }
}
