package dev.skiff.console;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.QueryMessageRequestHeader;
import dev.skiff.remoting.protocol.header.ViewMessageRequestHeader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds messages for {@code /api/message}: by key ({@code QUERY_MESSAGE}, 12, on every master of
 * the topic), or by id — first as a unique id (the same query with {@code _UNIQUE_KEY_QUERY}),
 * then as an offset id ({@code VIEW_MESSAGE_BY_ID}, 33, asked of the broker the id names, and
 * only when that broker is one the name servers list: the console never connects to an address
 * a visitor typed). At most {@code consoleMessagesMax} messages; each body shown up to {@code
 * consoleBodyShownMaxBytes}, as text when it is valid UTF-8, else as base64.
 */
final class MessageLookup {
    private static final long SYS_FLAG_COMPRESSED = 1;

    private final AdminCalls calls;
    private final ClusterReader cluster;
    private final int messagesMax;
    private final int bodyShownMaxBytes;

    MessageLookup(AdminCalls calls, ClusterReader cluster, int messagesMax, int bodyShownMaxBytes) {
        this.calls = calls;
        this.cluster = cluster;
        this.messagesMax = messagesMax;
        this.bodyShownMaxBytes = bodyShownMaxBytes;
    }

    /** {@code {"messages":[...]}}: by {@code key}, or by {@code id}, in {@code topic}. */
    JsonObject find(Params params) {
        String topic = params.required("topic");
        String key = params.optional("key");
        String id = params.optional("id");
        if ((key == null) == (id == null)) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "give exactly one of 'key' and 'id'");
        }
        List<StoredMessage> found = key != null ? query(topic, key, false) : byId(topic, id);
        JsonArray out = new JsonArray();
        for (StoredMessage m : found) {
            out.add(render(m));
        }
        return new JsonObject().put("messages", out);
    }

    private List<StoredMessage> byId(String topic, String id) {
        List<StoredMessage> found = query(topic, id, true);
        if (!found.isEmpty()) {
            return found;
        }
        OffsetMessageId.Decoded decoded;
        try {
            decoded = OffsetMessageId.decode(id);
        } catch (RecordFormatException | IllegalArgumentException e) {
            return List.of();
        }
        String addr = decoded.storeHost().toString();
        if (!knownBrokers().contains(addr)) {
            return List.of();
        }
        RemotingCommand response = calls.send(
                addr,
                RemotingCommand.request(
                        RequestCode.VIEW_MESSAGE_BY_ID, new ViewMessageRequestHeader(topic, decoded.physicalOffset())));
        if (response.code() != ResponseCode.SUCCESS.code()) {
            return List.of();
        }
        return decode(response.body()).stream()
                .filter(m -> m.topic().equals(topic))
                .toList();
    }

    private Set<String> knownBrokers() {
        Set<String> addrs = new HashSet<>();
        for (Topology.Group g : cluster.topology().groups()) {
            addrs.addAll(g.addrs().values());
        }
        return addrs;
    }

    private List<StoredMessage> query(String topic, String key, boolean unique) {
        JsonObject route = cluster.route(topic);
        List<StoredMessage> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (var v : ClusterReader.list(route.getArray("brokerDatas"), 1_024)) {
            JsonObject addrs = v.asObject().getObject("brokerAddrs");
            String master = addrs == null ? null : addrs.getString("0");
            if (master == null || !seen.add(master) || found.size() >= messagesMax) {
                continue;
            }
            RemotingCommand request = RemotingCommand.request(
                    RequestCode.QUERY_MESSAGE,
                    new QueryMessageRequestHeader(topic, key, messagesMax, 0, Long.MAX_VALUE));
            request.putExtField(QueryMessageRequestHeader.UNIQUE_KEY_QUERY, Boolean.toString(unique));
            RemotingCommand response = calls.send(master, request);
            if (response.code() == ResponseCode.SUCCESS.code()) {
                for (StoredMessage m : decode(response.body())) {
                    if (m.topic().equals(topic) && found.size() < messagesMax) {
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    private static List<StoredMessage> decode(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            return StoredRecordDecoder.decodeAll(ByteBuffer.wrap(body));
        } catch (RecordFormatException e) {
            throw new ConsoleException(ConsoleException.BAD_GATEWAY, "unreadable stored record: " + e.getMessage());
        }
    }

    JsonObject render(StoredMessage m) {
        JsonObject properties = new JsonObject();
        for (Map.Entry<String, String> e : m.propertiesMap().entrySet()) {
            properties.put(e.getKey(), e.getValue());
        }
        JsonObject out = new JsonObject()
                .put("topic", m.topic())
                .put("msgId", m.offsetMsgId())
                .put("uniqKey", m.property("UNIQ_KEY"))
                .put("keys", m.property("KEYS"))
                .put("tags", m.property("TAGS"))
                .put("queueId", m.queueId())
                .put("queueOffset", m.queueOffset())
                .put("commitLogOffset", m.physicalOffset())
                .put("storeHost", m.storeHost().toString())
                .put("bornHost", m.bornHost().toString())
                .put("bornTimestamp", m.bornTimestampMs())
                .put("storeTimestamp", m.storeTimestampMs())
                .put("reconsumeTimes", m.reconsumeTimes())
                .put("bodySize", m.body().length)
                .put("properties", properties);
        return body(out, m);
    }

    private JsonObject body(JsonObject out, StoredMessage m) {
        if ((m.sysFlag() & SYS_FLAG_COMPRESSED) != 0) {
            return out.put("bodyEncoding", "compressed");
        }
        byte[] body = m.body();
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            int cut = Math.min(text.length(), bodyShownMaxBytes);
            if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            return out.put("bodyEncoding", "utf-8")
                    .put("bodyTruncated", cut < text.length())
                    .put("body", text.substring(0, cut));
        } catch (CharacterCodingException e) {
            int shown = Math.min(body.length, bodyShownMaxBytes);
            return out.put("bodyEncoding", "base64")
                    .put("bodyTruncated", shown < body.length)
                    .put("body", Base64.getEncoder().encodeToString(Arrays.copyOf(body, shown)));
        }
    }
}
