package dev.skiff.console;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.CreateTopicRequestHeader;
import dev.skiff.remoting.protocol.header.ResetOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import dev.skiff.remoting.protocol.header.SendMessageResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The console's actions that change the cluster: send a test message ({@code SEND_MESSAGE}, 10, to
 * a master of the topic, queues taken in turn), create or update a topic on every master of a
 * cluster ({@code UPDATE_AND_CREATE_TOPIC}, 17) and reset a group's offsets to a time ({@code
 * INVOKE_BROKER_TO_RESET_OFFSET}, 222, on every master of the topic). Each is refused with 403
 * unless {@code consoleWriteEnabled} is set.
 */
final class ConsoleActions {
    /** The producer group test messages are sent under. */
    static final String PRODUCER_GROUP = "SKIFF_CONSOLE_PRODUCER";
    /** Names the brokers accept for topics and groups (the official character set and length). */
    private static final Pattern NAME = Pattern.compile("[%|a-zA-Z0-9_-]{1,127}");
    /** Most queues a topic created from the console gets. */
    static final int QUEUES_MAX = 1_024;

    private static final int PERM_READ_WRITE = 6;

    private final AdminCalls calls;
    private final ClusterReader cluster;
    private final SkiffClock clock;
    private final boolean enabled;
    private final AtomicInteger nextQueue = new AtomicInteger();

    ConsoleActions(AdminCalls calls, ClusterReader cluster, SkiffClock clock, boolean enabled) {
        this.calls = calls;
        this.cluster = cluster;
        this.clock = clock;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    private void checkEnabled() {
        if (!enabled) {
            throw new ConsoleException(
                    ConsoleException.FORBIDDEN,
                    "the console is read-only (set consoleWriteEnabled=true to allow this)");
        }
    }

    static String name(Params params, String param) {
        String v = params.required(param);
        if (!NAME.matcher(v).matches()) {
            throw new ConsoleException(
                    ConsoleException.BAD_REQUEST,
                    "parameter '" + param + "' must be 1..127 of letters, digits, '%', '|', '_' or '-'");
        }
        return v;
    }

    /** Sends {@code body} (text) with optional {@code key} and {@code tag}; answers where it was stored. */
    JsonObject send(Params params) {
        checkEnabled();
        String topic = name(params, "topic");
        String text = params.required("body");
        List<Target> targets = writableQueues(cluster.route(topic));
        if (targets.isEmpty()) {
            throw new ConsoleException(ConsoleException.NOT_FOUND, "topic '" + topic + "' has no writable queue");
        }
        Target target = targets.get(Math.floorMod(nextQueue.getAndIncrement(), targets.size()));
        Map<String, String> props = new LinkedHashMap<>();
        String uniqKey = UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
        props.put(MessageProperties.UNIQ_KEY, uniqKey);
        props.put(MessageProperties.WAIT, "true");
        if (params.optional("key") != null) {
            props.put(MessageProperties.KEYS, params.optional("key"));
        }
        if (params.optional("tag") != null) {
            props.put(MessageProperties.TAGS, params.optional("tag"));
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                PRODUCER_GROUP,
                topic,
                "TBW102",
                4,
                target.queueId(),
                0,
                clock.nowMs(),
                0,
                MessageProperties.encode(props),
                0,
                false,
                null,
                false,
                target.brokerName());
        RemotingCommand request =
                RemotingCommand.request(RequestCode.SEND_MESSAGE, header).body(text.getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = calls.send(target.addr(), request);
        if (response.code() != ResponseCode.SUCCESS.code()
                && response.code() != ResponseCode.FLUSH_DISK_TIMEOUT.code()
                && response.code() != ResponseCode.FLUSH_SLAVE_TIMEOUT.code()
                && response.code() != ResponseCode.SLAVE_NOT_AVAILABLE.code()) {
            throw AdminCalls.refused(target.addr(), request, response);
        }
        SendMessageResponseHeader sent = SendMessageResponseHeader.decode(response.fields());
        return new JsonObject()
                .put("status", ResponseCode.fromCode(response.code()).name())
                .put("msgId", sent.msgId())
                .put("uniqKey", uniqKey)
                .put("brokerName", target.brokerName())
                .put("queueId", sent.queueId())
                .put("queueOffset", sent.queueOffset());
    }

    private record Target(String brokerName, String addr, int queueId) {}

    private static List<Target> writableQueues(JsonObject route) {
        List<Target> out = new ArrayList<>();
        for (JsonValue v : ClusterReader.list(route.getArray("queueDatas"), 1_024)) {
            JsonObject qd = v.asObject();
            String brokerName = qd.getString("brokerName");
            String addr = ClusterReader.masterOf(route, brokerName);
            if (addr == null || (qd.getLong("perm", 0) & 2) == 0) {
                continue;
            }
            int queues = (int) Math.min(qd.getLong("writeQueueNums", 0), QUEUES_MAX);
            for (int q = 0; q < queues; q++) {
                out.add(new Target(brokerName, addr, q));
            }
        }
        return out;
    }

    /** Creates (or updates) {@code topic} with {@code queues} read and write queues on every master of {@code cluster} (all clusters when absent). */
    JsonObject createTopic(Params params) {
        checkEnabled();
        String topic = name(params, "topic");
        int queues = params.intValue("queues", 4, 1, QUEUES_MAX);
        String clusterName = params.optional("cluster");
        JsonArray done = new JsonArray();
        for (Topology.Group g : cluster.topology().withMaster()) {
            if (clusterName != null && !clusterName.equals(g.cluster())) {
                continue;
            }
            CreateTopicRequestHeader header = new CreateTopicRequestHeader(
                    topic, "TBW102", queues, queues, PERM_READ_WRITE, "SINGLE_TAG", 0, false, null, null);
            calls.call(g.masterAddr(), RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, header));
            done.add(g.brokerName());
        }
        if (done.isEmpty()) {
            throw new ConsoleException(ConsoleException.NOT_FOUND, "no master in cluster '" + clusterName + "'");
        }
        return new JsonObject().put("topic", topic).put("queues", queues).put("brokers", done);
    }

    /** Moves {@code group}'s offsets on {@code topic} to the first message stored at or after {@code timestamp} (ms; -1 = the end). */
    JsonObject resetOffset(Params params) {
        checkEnabled();
        String group = name(params, "group");
        String topic = name(params, "topic");
        long timestamp = params.longValue("timestamp", -1, -1, Long.MAX_VALUE);
        JsonObject route = cluster.route(topic);
        JsonArray done = new JsonArray();
        for (JsonValue v : ClusterReader.list(route.getArray("queueDatas"), 1_024)) {
            String brokerName = v.asObject().getString("brokerName");
            String addr = ClusterReader.masterOf(route, brokerName);
            if (addr == null) {
                continue;
            }
            ResetOffsetRequestHeader header = new ResetOffsetRequestHeader(group, topic, -1, null, timestamp, true);
            RemotingCommand response =
                    calls.call(addr, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, header));
            JsonObject table = AdminCalls.json(response).getObject("offsetTable");
            done.add(new JsonObject().put("brokerName", brokerName).put("queues", table == null ? 0 : table.size()));
        }
        return new JsonObject().put("group", group).put("topic", topic).put("brokers", done);
    }
}
