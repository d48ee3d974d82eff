package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route of a topic ({@code GET_ROUTEINFO_BY_TOPIC} body; also the body of {@code
 * REGISTER_TOPIC_IN_NAMESRV}, where only {@code queueDatas} matters).
 *
 * @param orderTopicConf optional {@code "broker-a:4;broker-b:4"} that fixes the publish queues
 * @param filterServerTable broker address → filter server addresses; normally empty
 * @param topicQueueMappingByBroker static-topic mapping by broker name, kept as raw JSON; optional
 */
public record TopicRouteData(
        String orderTopicConf,
        List<QueueData> queueDatas,
        List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable,
        JsonObject topicQueueMappingByBroker) {

    public TopicRouteData {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
        filterServerTable = Map.copyOf(filterServerTable);
    }

    public TopicRouteData withOrderTopicConf(String conf) {
        return new TopicRouteData(conf, queueDatas, brokerDatas, filterServerTable, topicQueueMappingByBroker);
    }

    public JsonObject toJson() {
        JsonArray brokers = new JsonArray();
        brokerDatas.forEach(b -> brokers.add(b.toJson()));
        JsonArray queues = new JsonArray();
        queueDatas.forEach(q -> queues.add(q.toJson()));
        JsonObject filters = new JsonObject();
        filterServerTable.forEach((addr, list) -> filters.put(addr, Bodies.strings(list)));
        return new JsonObject()
                .put("brokerDatas", brokers)
                .put("filterServerTable", filters)
                .put("orderTopicConf", orderTopicConf)
                .put("queueDatas", queues)
                .put("topicQueueMappingByBroker", topicQueueMappingByBroker);
    }

    public byte[] encode(JsonForm form) {
        return Bodies.encode(toJson(), form);
    }

    public static TopicRouteData fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        List<QueueData> queues = new ArrayList<>();
        JsonArray queueArray = o.getArray("queueDatas");
        if (queueArray != null) {
            queueArray.forEach(q -> queues.add(QueueData.fromJson(q)));
        }
        List<BrokerData> brokers = new ArrayList<>();
        JsonArray brokerArray = o.getArray("brokerDatas");
        if (brokerArray != null) {
            brokerArray.forEach(b -> brokers.add(BrokerData.fromJson(b)));
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        JsonObject filterObject = o.getObject("filterServerTable");
        if (filterObject != null) {
            for (Map.Entry<Object, JsonValue> e : filterObject.entries()) {
                filters.put(
                        JsonObject.keyText(e.getKey()),
                        Bodies.readStrings(
                                e.getValue().isNull() ? null : e.getValue().asArray()));
            }
        }
        return new TopicRouteData(
                o.getString("orderTopicConf"), queues, brokers, filters, o.getObject("topicQueueMappingByBroker"));
    }

    public static TopicRouteData decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "TopicRouteData");
        return Bodies.decode("TopicRouteData", json, TopicRouteData::fromJson);
    }
}
