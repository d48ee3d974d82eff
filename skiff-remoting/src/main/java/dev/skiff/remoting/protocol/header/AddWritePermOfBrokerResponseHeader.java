package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code ADD_WRITE_PERM_OF_BROKER} (327) response.
 *
 * @param addTopicCount required
 */
public record AddWritePermOfBrokerResponseHeader(int addTopicCount) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("addTopicCount", String.valueOf(addTopicCount));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static AddWritePermOfBrokerResponseHeader decode(HeaderFields f) {
        return new AddWritePermOfBrokerResponseHeader(f.requiredInt("addTopicCount"));
    }
}
