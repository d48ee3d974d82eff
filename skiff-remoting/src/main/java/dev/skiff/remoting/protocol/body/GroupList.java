package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonObject;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** Consumer group names: {@code {"groupList":["g1","g2"]}} (answer to {@code QUERY_TOPIC_CONSUME_BY_WHO}, 300). */
public record GroupList(Set<String> groupList) {

    public GroupList {
        groupList = Collections.unmodifiableSet(new TreeSet<>(groupList));
    }

    public JsonObject toJson() {
        return new JsonObject().put("groupList", Bodies.strings(groupList));
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
