package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code WIPE_WRITE_PERM_OF_BROKER} (205) response.
 *
 * @param wipeTopicCount required
 */
public record WipeWritePermOfBrokerResponseHeader(int wipeTopicCount) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("wipeTopicCount", String.valueOf(wipeTopicCount));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static WipeWritePermOfBrokerResponseHeader decode(HeaderFields f) {
        return new WipeWritePermOfBrokerResponseHeader(f.requiredInt("wipeTopicCount"));
    }
}
