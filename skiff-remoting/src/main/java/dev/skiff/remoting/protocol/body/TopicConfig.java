package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic as a broker configures it. JSON members as the official {@code TopicConfig}; defaults
 * for missing members are the official ones (16 read and write queues, perm 6, SINGLE_TAG).
 *
 * <p>The compressed registration form uses a one-line text form instead (see {@link
 * #encodeLine()}): {@code topicName SP readQueueNums SP writeQueueNums SP perm SP topicFilterType
 * SP attributesJSON}, which carries neither {@code topicSysFlag} nor {@code order}.
 */
public record TopicConfig(
        String topicName,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        TopicFilterType topicFilterType,
        int topicSysFlag,
        boolean order,
        Map<String, String> attributes) {

    public static final int DEFAULT_QUEUE_NUMS = 16;
    public static final int PERM_INHERIT = 1;
    public static final int PERM_WRITE = 2;
    public static final int PERM_READ = 4;
    public static final int PERM_PRIORITY = 8;

    public TopicConfig {
        Objects.requireNonNull(topicName, "topicName");
        Objects.requireNonNull(topicFilterType, "topicFilterType");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A plain read-write topic. */
    public static TopicConfig of(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        return new TopicConfig(
                topicName, readQueueNums, writeQueueNums, perm, TopicFilterType.SINGLE_TAG, 0, false, Map.of());
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(
                topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag, order, attributes);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("attributes", Bodies.stringMap(attributes))
                .put("order", order)
                .put("perm", perm)
                .put("readQueueNums", readQueueNums)
                .put("topicFilterType", topicFilterType.name())
                .put("topicName", topicName)
                .put("topicSysFlag", topicSysFlag)
                .put("writeQueueNums", writeQueueNums);
    }

    /** Reads a topic config; {@code fallbackName} is used when the JSON has no {@code topicName}. */
    public static TopicConfig fromJson(JsonValue json, String fallbackName) {
        JsonObject o = json.asObject();
        String name = o.getString("topicName");
        if (name == null) {
            name = fallbackName;
        }
        if (name == null) {
            throw new JsonException("topic config without 'topicName'");
        }
        return new TopicConfig(
                name,
                o.getInt("readQueueNums", DEFAULT_QUEUE_NUMS),
                o.getInt("writeQueueNums", DEFAULT_QUEUE_NUMS),
                o.getInt("perm", PERM_READ | PERM_WRITE),
                TopicFilterType.parse(o.getString("topicFilterType")),
                o.getInt("topicSysFlag", 0),
                o.getBoolean("order", false),
                Bodies.readStringMap(o.getObject("attributes")));
    }

    /** The one-line form of the compressed registration body. */
    public String encodeLine() {
        return topicName
                + ' '
                + readQueueNums
                + ' '
                + writeQueueNums
                + ' '
                + perm
                + ' '
                + topicFilterType.name()
                + ' '
                + JsonWriter.write(Bodies.stringMap(attributes), JsonWriteOptions.FASTJSON);
    }

    /** Parses the one-line form; throws {@link BodyFormatException} naming the problem. */
    public static TopicConfig decodeLine(String line) {
        String[] parts = line.split(" ", 6);
        if (parts.length < 5) {
            throw new BodyFormatException(
                    "topic config line has " + parts.length + " fields, expected at least 5: '" + shorten(line) + "'");
        }
        try {
            Map<String, String> attributes = parts.length == 6 && !parts[5].isBlank()
                    ? Bodies.readStringMap(JsonReader.parse(parts[5], JsonReader.Limits.DEFAULT)
                            .asObject())
                    : Map.of();
            return new TopicConfig(
                    parts[0],
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]),
                    TopicFilterType.parse(parts[4]),
                    0,
                    false,
                    attributes);
        } catch (NumberFormatException | JsonException e) {
            throw new BodyFormatException("bad topic config line '" + shorten(line) + "': " + e.getMessage(), e);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
