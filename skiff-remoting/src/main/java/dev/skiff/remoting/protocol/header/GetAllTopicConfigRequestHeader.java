package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code GET_ALL_TOPIC_CONFIG} (21) request. Clients before 5.3.2 send no fields and get the
 * whole table; newer ones page through it by name order.
 *
 * @param topicSeq optional; index (in name order) of the first topic wanted
 * @param maxTopicNum optional; page size
 * @param dataVersion optional; JSON of the data version the client's previous pages came from
 *     (empty on the first page); a different version restarts at index 0
 */
public record GetAllTopicConfigRequestHeader(Integer topicSeq, Integer maxTopicNum, String dataVersion)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        if (topicSeq != null) {
            extFields.put("topicSeq", topicSeq.toString());
        }
        if (maxTopicNum != null) {
            extFields.put("maxTopicNum", maxTopicNum.toString());
        }
        if (dataVersion != null) {
            extFields.put("dataVersion", dataVersion);
        }
    }

    /** Reads and validates the fields. */
    public static GetAllTopicConfigRequestHeader decode(HeaderFields f) {
        return new GetAllTopicConfigRequestHeader(
                f.optionalInteger("topicSeq"), f.optionalInteger("maxTopicNum"), f.optionalString("dataVersion"));
    }
}
