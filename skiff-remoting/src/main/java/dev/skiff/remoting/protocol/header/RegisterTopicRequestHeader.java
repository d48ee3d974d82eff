package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code REGISTER_TOPIC_IN_NAMESRV} (217) request; the body is a route whose {@code queueDatas} are registered.
 *
 * @param topic required
 */
public record RegisterTopicRequestHeader(String topic) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static RegisterTopicRequestHeader decode(HeaderFields f) {
        return new RegisterTopicRequestHeader(f.requiredString("topic"));
    }
}
