package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_ALL_SUBSCRIPTIONGROUP_CONFIG} (201) response.
 *
 * @param totalGroupNum optional; how many groups the broker has in all
 */
public record GetAllSubscriptionGroupResponseHeader(Integer totalGroupNum) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (totalGroupNum != null) {
            extFields.put("totalGroupNum", totalGroupNum.toString());
        }
    }

    /** Reads and validates the fields. */
    public static GetAllSubscriptionGroupResponseHeader decode(HeaderFields f) {
        return new GetAllSubscriptionGroupResponseHeader(f.optionalInteger("totalGroupNum"));
    }
}
