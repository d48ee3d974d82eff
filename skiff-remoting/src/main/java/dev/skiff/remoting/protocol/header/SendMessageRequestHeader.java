package dev.skiff.remoting.protocol.header;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * The send header of {@code SEND_MESSAGE} (10, long field names) and {@code SEND_MESSAGE_V2} /
 * {@code SEND_BATCH_MESSAGE} (310 / 320, one-letter names {@code a}..{@code n}); protocol sheet
 * table 3.2a. {@link #writeTo} writes the long form, {@link #writeV2To} the short one.
 *
 * @param producerGroup required ({@code a})
 * @param topic required ({@code b})
 * @param defaultTopic required ({@code c}); template topic for auto-creation
 * @param defaultTopicQueueNums required ({@code d})
 * @param queueId required ({@code e}); negative lets the broker choose
 * @param sysFlag required ({@code f})
 * @param bornTimestamp required ({@code g})
 * @param flag required ({@code h})
 * @param properties optional ({@code i}); the encoded properties string
 * @param reconsumeTimes optional ({@code j})
 * @param unitMode optional ({@code k})
 * @param maxReconsumeTimes optional ({@code l})
 * @param batch optional ({@code m})
 * @param brokerName optional ({@code n} / {@code bname}); the broker the client aimed at
 */
public record SendMessageRequestHeader(
        String producerGroup,
        String topic,
        String defaultTopic,
        int defaultTopicQueueNums,
        int queueId,
        int sysFlag,
        long bornTimestamp,
        int flag,
        String properties,
        Integer reconsumeTimes,
        Boolean unitMode,
        Integer maxReconsumeTimes,
        Boolean batch,
        String brokerName)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> extFields) {
        put(extFields, "producerGroup", producerGroup);
        put(extFields, "topic", topic);
        put(extFields, "defaultTopic", defaultTopic);
        extFields.put("defaultTopicQueueNums", String.valueOf(defaultTopicQueueNums));
        extFields.put("queueId", String.valueOf(queueId));
        extFields.put("sysFlag", String.valueOf(sysFlag));
        extFields.put("bornTimestamp", String.valueOf(bornTimestamp));
        extFields.put("flag", String.valueOf(flag));
        put(extFields, "properties", properties);
        put(extFields, "reconsumeTimes", reconsumeTimes);
        put(extFields, "unitMode", unitMode);
        put(extFields, "maxReconsumeTimes", maxReconsumeTimes);
        put(extFields, "batch", batch);
        put(extFields, "bname", brokerName);
    }

    /** Writes the one-letter form used by codes 310 and 320. */
    public void writeV2To(Map<String, String> extFields) {
        put(extFields, "a", producerGroup);
        put(extFields, "b", topic);
        put(extFields, "c", defaultTopic);
        extFields.put("d", String.valueOf(defaultTopicQueueNums));
        extFields.put("e", String.valueOf(queueId));
        extFields.put("f", String.valueOf(sysFlag));
        extFields.put("g", String.valueOf(bornTimestamp));
        extFields.put("h", String.valueOf(flag));
        put(extFields, "i", properties);
        put(extFields, "j", reconsumeTimes);
        put(extFields, "k", unitMode);
        put(extFields, "l", maxReconsumeTimes);
        put(extFields, "m", batch);
        put(extFields, "n", brokerName);
    }

    /** The V2 form as a header object, for building requests. */
    public CommandHeader asV2() {
        return this::writeV2To;
    }

    private static void put(Map<String, String> extFields, String key, Object value) {
        if (value != null) {
            extFields.put(key, value.toString());
        }
    }

    /** Reads the long form (code 10). */
    public static SendMessageRequestHeader decode(HeaderFields f) {
        return new SendMessageRequestHeader(
                f.requiredString("producerGroup"),
                f.requiredString("topic"),
                f.requiredString("defaultTopic"),
                f.requiredInt("defaultTopicQueueNums"),
                f.requiredInt("queueId"),
                f.requiredInt("sysFlag"),
                f.requiredLong("bornTimestamp"),
                f.requiredInt("flag"),
                f.optionalString("properties"),
                f.optionalInteger("reconsumeTimes"),
                f.optionalBooleanObject("unitMode"),
                f.optionalInteger("maxReconsumeTimes"),
                f.optionalBooleanObject("batch"),
                f.optionalString("bname"));
    }

    /** Reads the one-letter form (codes 310 and 320). */
    public static SendMessageRequestHeader decodeV2(HeaderFields f) {
        return new SendMessageRequestHeader(
                f.requiredString("a"),
                f.requiredString("b"),
                f.requiredString("c"),
                f.requiredInt("d"),
                f.requiredInt("e"),
                f.requiredInt("f"),
                f.requiredLong("g"),
                f.requiredInt("h"),
                f.optionalString("i"),
                f.optionalInteger("j"),
                f.optionalBooleanObject("k"),
                f.optionalInteger("l"),
                f.optionalBooleanObject("m"),
                f.optionalString("n"));
    }
}
