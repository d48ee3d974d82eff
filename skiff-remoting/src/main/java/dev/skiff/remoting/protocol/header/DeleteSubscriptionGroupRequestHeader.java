package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code DELETE_SUBSCRIPTIONGROUP} (207) request.
 *
 * @param groupName required
 * @param cleanOffset always sent; also forget the group's committed offsets
 */
public record DeleteSubscriptionGroupRequestHeader(String groupName, boolean cleanOffset) implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (groupName != null) {
            extFields.put("groupName", groupName);
        }
        extFields.put("cleanOffset", String.valueOf(cleanOffset));
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static DeleteSubscriptionGroupRequestHeader decode(HeaderFields f) {
        return new DeleteSubscriptionGroupRequestHeader(
                f.requiredString("groupName"), f.optionalBoolean("cleanOffset", false));
    }
}
