package dev.skiff.console;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonBoolean;
import dev.skiff.common.json.JsonNumber;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonString;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.GetRouteInfoRequestHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the cluster and its topics for the API: the brokers with their roles, figures and
 * replication state ({@code /api/cluster}), the topic names ({@code /api/topics}) and one topic's
 * queues and offsets ({@code /api/topic}). A broker that does not answer shows its error in its
 * row instead of failing the page.
 */
final class ClusterReader {
    /** Runtime-info keys shown per broker, as the broker names them. */
    private static final List<String> RUNTIME_KEYS = List.of(
            "brokerVersionDesc",
            "putTps",
            "getTransferredTps",
            "commitLogDiskRatio",
            "commitLogMinOffset",
            "commitLogMaxOffset",
            "dispatchBehindBytes",
            "storeHealthy",
            "bootTimestamp");

    private final AdminCalls calls;
    private final int brokersMax;

    ClusterReader(AdminCalls calls, int brokersMax) {
        this.calls = calls;
        this.brokersMax = brokersMax;
    }

    Topology topology() {
        RemotingCommand response = calls.namesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        return Topology.fromClusterInfo(AdminCalls.json(response), brokersMax);
    }

    /** {@code {"brokersTotal":n,"brokers":[{cluster, brokerName, replicas:[{id, addr, role, ...}]}]}}. */
    JsonObject cluster() {
        Topology topology = topology();
        JsonArray brokers = new JsonArray();
        for (Topology.Group g : topology.groups()) {
            JsonArray replicas = new JsonArray();
            for (Map.Entry<Long, String> e : g.addrs().entrySet()) {
                replicas.add(replica(e.getKey(), e.getValue()));
            }
            brokers.add(new JsonObject()
                    .put("cluster", g.cluster())
                    .put("brokerName", g.brokerName())
                    .put("replicas", replicas));
        }
        return new JsonObject().put("brokersTotal", topology.total()).put("brokers", brokers);
    }

    private JsonObject replica(long id, String addr) {
        JsonObject row = new JsonObject().put("id", id).put("addr", addr).put("role", id == 0 ? "MASTER" : "SLAVE");
        try {
            JsonObject kv = AdminCalls.json(
                            calls.call(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO)))
                    .getObject("table");
            JsonObject runtime = new JsonObject();
            for (String key : RUNTIME_KEYS) {
                if (kv != null && kv.getString(key) != null) {
                    runtime.put(key, kv.getString(key));
                }
            }
            row.put("runtime", runtime);
            row.put("ha", ha(addr));
        } catch (ConsoleException e) {
            row.put("error", e.getMessage());
        }
        return row;
    }

    /** The replication state from {@code GET_BROKER_HA_STATUS} (907), reduced to what an operator reads. */
    private JsonObject ha(String addr) {
        RemotingCommand response = calls.send(addr, RemotingCommand.request(RequestCode.GET_BROKER_HA_STATUS));
        if (response.code() != 0) {
            return new JsonObject().put("available", false);
        }
        JsonObject info = AdminCalls.json(response);
        JsonArray slaves = new JsonArray();
        JsonArray connections = info.getArray("haConnectionInfo");
        if (connections != null) {
            for (JsonValue v : connections) {
                JsonObject c = v.asObject();
                slaves.add(new JsonObject()
                        .put("addr", c.getString("addr"))
                        .put("ackOffset", c.getLong("slaveAckOffset", 0))
                        .put("diffBytes", c.getLong("diff", 0))
                        .put("inSync", c.getBoolean("inSync", false)));
            }
        }
        JsonObject ha = new JsonObject()
                .put("available", true)
                .put("master", info.getBoolean("master", false))
                .put("inSyncSlaveNums", info.getLong("inSyncSlaveNums", 0))
                .put("slaves", slaves);
        JsonObject client = info.getObject("haClientRuntimeInfo");
        if (client != null && client.getString("masterAddr") != null) {
            ha.put("masterAddr", client.getString("masterAddr"))
                    .put("linkActive", client.getBoolean("activated", false))
                    .put("maxOffset", client.getLong("maxOffset", 0));
        }
        return ha;
    }

    /**
     * Topic names from the name server, filtered ({@code q}: a substring), sorted, paged. System
     * topics and the topics named after clusters and broker groups are shown only with {@code
     * system=true}.
     */
    JsonObject topics(Params params, Page page) {
        RemotingCommand response =
                calls.namesrv(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        JsonArray list = AdminCalls.json(response).getArray("topicList");
        String q = params.optional("q");
        boolean system = params.flag("system");
        Set<String> brokerTopics = system ? Set.of() : clusterAndBrokerNames();
        TreeSet<String> names = new TreeSet<>();
        if (list != null) {
            for (JsonValue v : list) {
                String name = v.asString();
                boolean hidden = !system && (SystemNames.isSystemTopic(name) || brokerTopics.contains(name));
                if (!hidden && (q == null || name.contains(q))) {
                    names.add(name);
                }
            }
        }
        List<JsonValue> items = new ArrayList<>(names.size());
        for (String name : names) {
            items.add(new JsonString(name));
        }
        return page.of(items);
    }

    /** The names of the clusters and broker groups: each broker hosts a topic of each name for itself. */
    private Set<String> clusterAndBrokerNames() {
        Set<String> names = new HashSet<>();
        for (Topology.Group g : topology().groups()) {
            names.add(g.cluster());
            names.add(g.brokerName());
        }
        return names;
    }

    /** The topic's route from a name server ({@code GET_ROUTEINFO_BY_TOPIC}, 105). */
    JsonObject route(String topic) {
        RemotingCommand request = RemotingCommand.request(
                RequestCode.GET_ROUTEINFO_BY_TOPIC, new GetRouteInfoRequestHeader(topic, Boolean.TRUE));
        RemotingCommand response = calls.namesrvAllowing(request, ResponseCode.TOPIC_NOT_EXIST.code());
        if (response.code() != 0) {
            throw new ConsoleException(ConsoleException.NOT_FOUND, "no route for topic '" + topic + "'");
        }
        return AdminCalls.json(response);
    }

    /**
     * One topic: per broker group its queue counts, permission, put rate and per queue the min and
     * max offsets ({@code GET_TOPIC_STATS_INFO}, 202, asked of the group's master).
     */
    JsonObject topic(String topic) {
        JsonObject route = route(topic);
        JsonArray brokers = new JsonArray();
        long messages = 0;
        for (JsonValue v : list(route.getArray("queueDatas"), brokersMax)) {
            JsonObject qd = v.asObject();
            String brokerName = qd.getString("brokerName");
            String master = masterOf(route, brokerName);
            JsonObject row = new JsonObject()
                    .put("brokerName", brokerName)
                    .put("addr", master)
                    .put("readQueueNums", qd.getLong("readQueueNums", 0))
                    .put("writeQueueNums", qd.getLong("writeQueueNums", 0))
                    .put("perm", qd.getLong("perm", 0));
            if (master == null) {
                row.put("error", "no master listed");
            } else {
                try {
                    messages += stats(master, topic, row);
                } catch (ConsoleException e) {
                    row.put("error", e.getMessage());
                }
            }
            brokers.add(row);
        }
        return new JsonObject().put("topic", topic).put("messages", messages).put("brokers", brokers);
    }

    /** Adds {@code putTps} and {@code queues} to the row; returns the messages the queues hold. */
    private long stats(String addr, String topic, JsonObject row) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO);
        request.putExtField("topic", topic);
        JsonObject body = AdminCalls.json(calls.call(addr, request));
        JsonArray queues = new JsonArray();
        long messages = 0;
        JsonObject table = body.getObject("offsetTable");
        if (table != null) {
            for (Map.Entry<Object, JsonValue> e : table.entries()) {
                JsonObject mq = (JsonObject) e.getKey();
                JsonObject off = e.getValue().asObject();
                long min = off.getLong("minOffset", 0);
                long max = off.getLong("maxOffset", 0);
                messages += Math.max(0, max - min);
                queues.add(new JsonObject()
                        .put("queueId", mq.getLong("queueId", -1))
                        .put("minOffset", min)
                        .put("maxOffset", max)
                        .put("lastUpdateTimestamp", off.getLong("lastUpdateTimestamp", 0)));
            }
        }
        row.put("putTps", JsonNumber.of(doubleOf(body.get("topicPutTps"))));
        row.put("queues", queues);
        return messages;
    }

    /** The master address of {@code brokerName} in a route, or null. */
    static String masterOf(JsonObject route, String brokerName) {
        JsonArray brokerDatas = route.getArray("brokerDatas");
        if (brokerDatas == null) {
            return null;
        }
        for (JsonValue v : brokerDatas) {
            JsonObject bd = v.asObject();
            if (brokerName.equals(bd.getString("brokerName"))) {
                JsonObject addrs = bd.getObject("brokerAddrs");
                return addrs == null ? null : addrs.getString("0");
            }
        }
        return null;
    }

    static List<JsonValue> list(JsonArray array, int max) {
        if (array == null) {
            return List.of();
        }
        List<JsonValue> all = array.elements();
        return all.size() > max ? all.subList(0, max) : all;
    }

    static double doubleOf(JsonValue v) {
        if (v == null || v.isNull() || v instanceof JsonBoolean) {
            return 0;
        }
        return v.asDouble();
    }
}
