package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * Response to a pull (11, 361), whatever its code (0, 19, 20, 21).
 *
 * @param suggestWhichBrokerId required; the broker id to pull from next (0 = master)
 * @param nextBeginOffset required; where the consumer continues
 * @param minOffset required; the queue's smallest offset
 * @param maxOffset required; the queue's next offset to be written
 * @param offsetDelta optional
 * @param topicSysFlag optional
 * @param groupSysFlag optional
 * @param forbiddenType optional
 */
public record PullMessageResponseHeader(
        long suggestWhichBrokerId,
        long nextBeginOffset,
        long minOffset,
        long maxOffset,
        Long offsetDelta,
        Integer topicSysFlag,
        Integer groupSysFlag,
        Integer forbiddenType)
        implements CommandHeader {

    public PullMessageResponseHeader(long suggestWhichBrokerId, long nextBeginOffset, long minOffset, long maxOffset) {
        this(suggestWhichBrokerId, nextBeginOffset, minOffset, maxOffset, null, null, null, null);
    }

    @Override
    public void writeTo(Map<String, String> extFields) {
        extFields.put("suggestWhichBrokerId", String.valueOf(suggestWhichBrokerId));
        extFields.put("nextBeginOffset", String.valueOf(nextBeginOffset));
        extFields.put("minOffset", String.valueOf(minOffset));
        extFields.put("maxOffset", String.valueOf(maxOffset));
        if (offsetDelta != null) {
            extFields.put("offsetDelta", offsetDelta.toString());
        }
        if (topicSysFlag != null) {
            extFields.put("topicSysFlag", topicSysFlag.toString());
        }
        if (groupSysFlag != null) {
            extFields.put("groupSysFlag", groupSysFlag.toString());
        }
        if (forbiddenType != null) {
            extFields.put("forbiddenType", forbiddenType.toString());
        }
    }

    /** Reads and validates the fields; a missing required field throws naming it. */
    public static PullMessageResponseHeader decode(HeaderFields f) {
        return new PullMessageResponseHeader(
                f.requiredLong("suggestWhichBrokerId"),
                f.requiredLong("nextBeginOffset"),
                f.requiredLong("minOffset"),
                f.requiredLong("maxOffset"),
                f.optionalLongObject("offsetDelta"),
                f.optionalInteger("topicSysFlag"),
                f.optionalInteger("groupSysFlag"),
                f.optionalInteger("forbiddenType"));
    }
}
