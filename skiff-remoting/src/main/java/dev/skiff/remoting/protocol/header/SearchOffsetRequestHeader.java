package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderException;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Locale;
import java.util.Map;

/**
 * {@code SEARCH_OFFSET_BY_TIMESTAMP} (29) request.
 *
 * @param topic required
 * @param queueId required
 * @param timestamp required; milliseconds since the epoch
 * @param upper which end of a run of equal store times: {@code boundaryType} {@code UPPER}
 *     (true) or {@code LOWER} (false, the default), case-insensitive on the wire
 */
public record SearchOffsetRequestHeader(String topic, int queueId, long timestamp, boolean upper)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topic != null) {
            extFields.put("topic", topic);
        }
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("timestamp", String.valueOf(timestamp));
        extFields.put("boundaryType", upper ? "UPPER" : "LOWER");
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static SearchOffsetRequestHeader decode(HeaderFields f) {
        String boundary = f.optionalString("boundaryType", "LOWER").trim().toUpperCase(Locale.ROOT);
        if (!boundary.equals("LOWER") && !boundary.equals("UPPER")) {
            throw new HeaderException("boundaryType", "must be LOWER or UPPER");
        }
        return new SearchOffsetRequestHeader(
                f.requiredString("topic"),
                f.requiredInt("queueId"),
                f.requiredLong("timestamp"),
                boundary.equals("UPPER"));
    }
}
