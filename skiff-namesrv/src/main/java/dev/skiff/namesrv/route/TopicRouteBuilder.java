package dev.skiff.namesrv.route;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a topic's {@link TopicRouteData} from the three tables: its queue data sorted by broker
 * name ({@link TopicRoutes}), the groups of those brokers ({@link BrokerGroups}; a broker name with
 * no group is left out), their addresses' filter servers ({@link LiveBrokers}) and its static-topic
 * mapping. Null when no known broker serves the topic.
 *
 * <p>Reads only: call under {@link RouteRegistry}'s read lock (or its write lock).
 */
final class TopicRouteBuilder {
    private final TopicRoutes topics;
    private final BrokerGroups groups;
    private final LiveBrokers live;

    TopicRouteBuilder(TopicRoutes topics, BrokerGroups groups, LiveBrokers live) {
        this.topics = topics;
        this.groups = groups;
        this.live = live;
    }

    TopicRouteData build(String topic) {
        Map<String, QueueData> queues = topics.queues(topic);
        if (queues == null || queues.isEmpty()) {
            return null;
        }
        List<QueueData> queueDatas = new ArrayList<>(queues.values());
        queueDatas.sort(Comparator.comparing(QueueData::brokerName));
        List<BrokerData> brokerDatas = new ArrayList<>();
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (QueueData q : queueDatas) {
            BrokerGroup group = groups.get(q.brokerName());
            if (group == null) {
                continue;
            }
            brokerDatas.add(group.snapshot());
            if (live.hasFilterServers()) {
                for (String addr : group.addrs.values()) {
                    List<String> servers = live.filterServers(new BrokerAddrKey(group.cluster, addr));
                    if (servers != null) {
                        filters.put(addr, servers);
                    }
                }
            }
        }
        if (brokerDatas.isEmpty()) {
            return null;
        }
        return new TopicRouteData(null, queueDatas, brokerDatas, filters, mappingJson(topic));
    }

    private JsonObject mappingJson(String topic) {
        Map<String, JsonValue> mapping = topics.mapping(topic);
        if (mapping == null || mapping.isEmpty()) {
            return null;
        }
        JsonObject json = new JsonObject();
        for (Map.Entry<String, JsonValue> e : mapping.entrySet()) {
            json.put(e.getKey(), e.getValue());
        }
        return json;
    }
}
