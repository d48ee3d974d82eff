package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_ALL_SUBSCRIPTIONGROUP_CONFIG} (201) request; paged like {@link
 * GetAllTopicConfigRequestHeader}.
 *
 * @param groupSeq optional; index (in name order) of the first group wanted
 * @param maxGroupNum optional; page size
 * @param dataVersion optional; JSON of the data version of the client's previous pages
 */
public record GetAllSubscriptionGroupRequestHeader(Integer groupSeq, Integer maxGroupNum, String dataVersion)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (groupSeq != null) {
            extFields.put("groupSeq", groupSeq.toString());
        }
        if (maxGroupNum != null) {
            extFields.put("maxGroupNum", maxGroupNum.toString());
        }
        if (dataVersion != null) {
            extFields.put("dataVersion", dataVersion);
        }
    }

    /** Reads and validates the fields. */
    public static GetAllSubscriptionGroupRequestHeader decode(HeaderFields f) {
        return new GetAllSubscriptionGroupRequestHeader(
                f.optionalInteger("groupSeq"), f.optionalInteger("maxGroupNum"), f.optionalString("dataVersion"));
    }
}
