package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A set of topic names: {@code {"topicList":["t1","t2"]}}, with an optional {@code brokerAddr}
 * (the system-topic list names one broker to ask).
 */
public record TopicList(Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = Collections.unmodifiableSet(new LinkedHashSet<>(topicList));
    }

    public TopicList(Set<String> topicList) {
        this(topicList, null);
    }

    public JsonObject toJson() {
        return new JsonObject().put("brokerAddr", brokerAddr).put("topicList", Bodies.strings(topicList));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }

    public static TopicList fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        return new TopicList(Bodies.readStringSet(o.getArray("topicList")), o.getString("brokerAddr"));
    }

    public static TopicList decode(byte[] body) {
        JsonObject json = Bodies.parseObject(body, "TopicList");
        return Bodies.decode("TopicList", json, TopicList::fromJson);
    }
}
