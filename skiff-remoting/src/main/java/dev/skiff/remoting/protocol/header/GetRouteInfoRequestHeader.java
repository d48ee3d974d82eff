package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_ROUTEINFO_BY_TOPIC} (105) request.
 *
 * @param topic required
 * @param acceptStandardJsonOnly optional; true asks for the standard JSON form whatever the request version
 */
public record GetRouteInfoRequestHeader(String topic, Boolean acceptStandardJsonOnly) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        if (acceptStandardJsonOnly != null) {
            extFields.put("acceptStandardJsonOnly", acceptStandardJsonOnly.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static GetRouteInfoRequestHeader decode(HeaderFields f) {
        return new GetRouteInfoRequestHeader(
                f.requiredString("topic"), f.optionalBooleanObject("acceptStandardJsonOnly"));
    }
}
