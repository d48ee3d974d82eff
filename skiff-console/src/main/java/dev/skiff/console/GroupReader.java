package dev.skiff.console;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonString;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads consumer groups for the API: the group names known to the masters ({@code
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG}, 201) and one group's lag per queue ({@code
 * GET_CONSUME_STATS}, 208) and connected members ({@code GET_CONSUMER_CONNECTION_LIST}, 203),
 * gathered from every master.
 */
final class GroupReader {
    private final AdminCalls calls;
    private final ClusterReader cluster;

    GroupReader(AdminCalls calls, ClusterReader cluster) {
        this.calls = calls;
        this.cluster = cluster;
    }

    /** Group names over all masters, filtered ({@code q}; system groups with {@code system=true}), sorted, paged. */
    JsonObject groups(Params params, Page page) {
        String q = params.optional("q");
        boolean system = params.flag("system");
        TreeSet<String> names = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        for (Topology.Group g : cluster.topology().withMaster()) {
            try {
                RemotingCommand response = calls.call(
                        g.masterAddr(), RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
                JsonObject table = AdminCalls.json(response).getObject("subscriptionGroupTable");
                if (table == null) {
                    continue;
                }
                for (Map.Entry<Object, JsonValue> e : table.entries()) {
                    String name = JsonObject.keyText(e.getKey());
                    if ((system || !SystemNames.isSystemGroup(name)) && (q == null || name.contains(q))) {
                        names.add(name);
                    }
                }
            } catch (ConsoleException e) {
                errors.add(g.brokerName() + ": " + e.getMessage());
            }
        }
        List<JsonValue> items = new ArrayList<>(names.size());
        for (String name : names) {
            items.add(new JsonString(name));
        }
        return page.of(items).put("errors", JsonArray.ofStrings(errors));
    }

    /**
     * One group: total lag, consume rate, lag per queue (paged, largest lag first) and the
     * connected members with their client versions.
     */
    JsonObject group(String group, Page page) {
        List<JsonObject> queues = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        double tps = 0;
        JsonArray members = new JsonArray();
        JsonObject connection = null;
        for (Topology.Group g : cluster.topology().withMaster()) {
            try {
                tps += consumeStats(g.masterAddr(), group, queues);
                JsonObject c = connections(g.masterAddr(), group);
                if (c != null && connection == null) {
                    connection = c;
                }
            } catch (ConsoleException e) {
                errors.add(g.brokerName() + ": " + e.getMessage());
            }
        }
        queues.sort(Comparator.comparingLong((JsonObject q) -> -q.getLong("lag", 0))
                .thenComparing(q -> q.getString("topic"))
                .thenComparing(q -> q.getString("brokerName"))
                .thenComparingLong(q -> q.getLong("queueId", 0)));
        long lag = 0;
        for (JsonObject q : queues) {
            lag += q.getLong("lag", 0);
        }
        JsonObject out = new JsonObject()
                .put("group", group)
                .put("lag", lag)
                .put("consumeTps", JsonNumber.of(tps))
                .put("queues", page.of(queues));
        if (connection != null) {
            JsonArray set = connection.getArray("connectionSet");
            for (JsonValue v : ClusterReader.list(set, page.size())) {
                JsonObject m = v.asObject();
                members.add(new JsonObject()
                        .put("clientId", m.getString("clientId"))
                        .put("clientAddr", m.getString("clientAddr"))
                        .put("language", m.getString("language"))
                        .put("version", m.getLong("version", 0)));
            }
            out.put("consumeType", connection.getString("consumeType"))
                    .put("messageModel", connection.getString("messageModel"))
                    .put("membersTotal", set == null ? 0 : set.size());
        } else {
            out.put("membersTotal", 0);
        }
        return out.put("members", members).put("errors", JsonArray.ofStrings(errors));
    }

    /** Adds one row per queue to {@code queues}; returns the broker's consume rate. */
    private double consumeStats(String addr, String group, List<JsonObject> queues) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUME_STATS);
        request.putExtField("consumerGroup", group);
        RemotingCommand response = calls.send(addr, request);
        if (response.code() != ResponseCode.SUCCESS.code()) {
            return 0; // the group has no offsets on this broker
        }
        JsonObject body = AdminCalls.json(response);
        JsonObject table = body.getObject("offsetTable");
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                JsonObject mq = (JsonObject) e.getKey();
                JsonObject w = e.getValue().asObject();
                long brokerOffset = w.getLong("brokerOffset", 0);
                long consumerOffset = w.getLong("consumerOffset", 0);
                queues.add(new JsonObject()
                        .put("topic", mq.getString("topic"))
                        .put("brokerName", mq.getString("brokerName"))
                        .put("queueId", mq.getLong("queueId", -1))
                        .put("brokerOffset", brokerOffset)
                        .put("consumerOffset", consumerOffset)
                        .put("lag", Math.max(0, brokerOffset - consumerOffset))
                        .put("lastTimestamp", w.getLong("lastTimestamp", 0)));
            }
        }
        return ClusterReader.doubleOf(body.get("consumeTps"));
    }

    /** The group's connection list on one broker, or null when no member is connected there. */
    private JsonObject connections(String addr, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST);
        request.putExtField("consumerGroup", group);
        RemotingCommand response = calls.send(addr, request);
        if (response.code() != ResponseCode.SUCCESS.code()) {
            return null;
        }
        return AdminCalls.json(response);
    }
}
