package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code REGISTER_BROKER} (103) response: the master's addresses, set only for a slave whose master is alive.
 *
 * @param haServerAddr optional
 * @param masterAddr optional
 */
public record RegisterBrokerResponseHeader(String haServerAddr, String masterAddr) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (haServerAddr != null) {
            extFields.put("haServerAddr", haServerAddr);
        }
        if (masterAddr != null) {
            extFields.put("masterAddr", masterAddr);
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static RegisterBrokerResponseHeader decode(HeaderFields f) {
        return new RegisterBrokerResponseHeader(f.optionalString("haServerAddr"), f.optionalString("masterAddr"));
    }
}
