package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * {@code REGISTER_BROKER} body: the broker's whole topic table with its data version, and its
 * filter servers.
 *
 * <p>Uncompressed form (what official brokers send): the JSON of the official class,
 * {@code {"filterServerList":[],"topicConfigSerializeWrapper":{...}}}.
 *
 * <p>Compressed form ({@code compressed=true} in the header): zlib (best compression) of
 *
 * <pre>
 * | int32 len | DataVersion JSON                              |
 * | int32 n   | n × ( int32 len | TopicConfig line, UTF-8 )   |  see TopicConfig#encodeLine
 * | int32 len | filter server list, JSON array                |
 * | int32 m   | m × ( int32 len | TopicQueueMappingInfo JSON )|  only from brokers ≥ 5.0.0 (413)
 * </pre>
 *
 * All integers big-endian. Decoding is bounded: the inflated stream may not exceed the caller's
 * limit and every length is checked against what remains.
 */
public record RegisterBrokerBody(
        TopicConfigSerializeWrapper topicConfigSerializeWrapper, List<String> filterServerList) {

    /** Brokers of this version and later append the queue-mapping section to the compressed form. */
    public static final int V5_0_0 = 413;

    public RegisterBrokerBody {
        filterServerList = List.copyOf(filterServerList);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("filterServerList", Bodies.strings(filterServerList))
                .put("topicConfigSerializeWrapper", topicConfigSerializeWrapper.toJson());
    }

    public static RegisterBrokerBody fromJson(JsonValue json) {
        JsonObject o = json.asObject();
        JsonObject wrapper = o.getObject("topicConfigSerializeWrapper");
        TopicConfigSerializeWrapper topics = wrapper == null
                ? new TopicConfigSerializeWrapper(Map.of(), DataVersion.ZERO, null, null, null)
                : TopicConfigSerializeWrapper.fromJson(wrapper);
        return new RegisterBrokerBody(topics, Bodies.readStrings(o.getArray("filterServerList")));
    }

    /** Encodes in the uncompressed or the compressed form. */
    public byte[] encode(boolean compressed) {
        if (!compressed) {
            return Bodies.encode(toJson(), JsonForm.DEFAULT);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out =
                new DataOutputStream(new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_COMPRESSION)))) {
            writeChunk(out, topicConfigSerializeWrapper.dataVersion().encode());
            out.writeInt(topicConfigSerializeWrapper.topicConfigTable().size());
            for (TopicConfig config :
                    topicConfigSerializeWrapper.topicConfigTable().values()) {
                writeChunk(out, config.encodeLine().getBytes(StandardCharsets.UTF_8));
            }
            writeChunk(out, JsonWriter.toBytes(Bodies.strings(filterServerList), JsonWriteOptions.FASTJSON));
            Map<String, JsonValue> mapping = topicConfigSerializeWrapper.topicQueueMappingInfoMap();
            mapping = mapping == null ? Map.of() : mapping;
            out.writeInt(mapping.size());
            for (JsonValue info : mapping.values()) {
                writeChunk(out, JsonWriter.toBytes(info, JsonWriteOptions.FASTJSON));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes either form.
     *
     * @param brokerVersion the request's {@code version}; decides whether the compressed form
     *     carries the queue-mapping section
     * @param maxInflatedBytes bound on the inflated size of a compressed body
     */
    public static RegisterBrokerBody decode(byte[] body, boolean compressed, int brokerVersion, int maxInflatedBytes) {
        if (!compressed) {
            JsonObject json = Bodies.parseObject(body, "RegisterBrokerBody");
            return Bodies.decode("RegisterBrokerBody", json, RegisterBrokerBody::fromJson);
        }
        if (body == null || body.length == 0) {
            throw new BodyFormatException("RegisterBrokerBody (compressed): body is empty");
        }
        try (BoundedInput in =
                new BoundedInput(new InflaterInputStream(new ByteArrayInputStream(body)), maxInflatedBytes)) {
            return decodeCompressed(in, brokerVersion);
        } catch (IOException e) {
            throw new BodyFormatException("RegisterBrokerBody (compressed): " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new BodyFormatException("RegisterBrokerBody (compressed): " + e.getMessage(), e);
        }
    }

    private static RegisterBrokerBody decodeCompressed(BoundedInput in, int brokerVersion) throws IOException {
        DataVersion version = DataVersion.fromJson(parse(in.chunk("data version")));
        int topicCount = in.count("topic configs");
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        for (int i = 0; i < topicCount; i++) {
            TopicConfig config = TopicConfig.decodeLine(new String(in.chunk("topic config"), StandardCharsets.UTF_8));
            topics.put(config.topicName(), config);
        }
        JsonValue filters = parse(in.chunk("filter server list"));
        List<String> filterServers = filters.isNull() ? List.of() : Bodies.readStrings(filters.asArray());
        Map<String, JsonValue> mapping = new LinkedHashMap<>();
        if (brokerVersion >= V5_0_0) {
            int mappingCount = in.count("queue mappings");
            for (int i = 0; i < mappingCount; i++) {
                JsonObject info = parse(in.chunk("queue mapping")).asObject();
                mapping.put(info.getString("topic"), info);
            }
        }
        TopicConfigSerializeWrapper wrapper =
                new TopicConfigSerializeWrapper(topics, version, mapping, Map.of(), DataVersion.ZERO);
        return new RegisterBrokerBody(wrapper, filterServers);
    }

    /** CRC32 of the body masked to a non-negative int, as the {@code bodyCrc32} header carries it. */
    public static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private static JsonValue parse(byte[] json) {
        return JsonReader.parse(new String(json, StandardCharsets.UTF_8), JsonReader.Limits.DEFAULT);
    }

    private static void writeChunk(DataOutputStream out, byte[] chunk) throws IOException {
        out.writeInt(chunk.length);
        out.write(chunk);
    }

    /** Reads length-prefixed chunks from an inflating stream without exceeding a byte budget. */
    private static final class BoundedInput implements AutoCloseable {
        private final InputStream in;
        private long remaining;

        BoundedInput(InputStream in, long budget) {
            this.in = in;
            this.remaining = budget;
        }

        int count(String what) throws IOException {
            int n = readInt(what);
            if (n < 0 || n > remaining / 4) {
                throw new IOException("implausible number of " + what + ": " + n);
            }
            return n;
        }

        byte[] chunk(String what) throws IOException {
            int length = readInt(what);
            if (length < 0 || length > remaining) {
                throw new IOException(what + " length " + length + " is negative or exceeds the size limit");
            }
            return readFully(length, what);
        }

        private int readInt(String what) throws IOException {
            byte[] b = readFully(4, what + " length");
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        }

        private byte[] readFully(int length, String what) throws IOException {
            if (length > remaining) {
                throw new IOException("inflated body exceeds the size limit while reading " + what);
            }
            byte[] buffer = new byte[length];
            int read = 0;
            while (read < length) {
                int n = in.read(buffer, read, length - read);
                if (n < 0) {
                    throw new IOException("compressed data ended while reading " + what);
                }
                read += n;
            }
            remaining -= length;
            return buffer;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The empty registration a broker sends with no topics. */
    public static RegisterBrokerBody empty() {
        return new RegisterBrokerBody(TopicConfigSerializeWrapper.withMapping(Map.of(), DataVersion.ZERO), List.of());
    }

    /** The topic names of the body, for logs. */
    public JsonArray topicNames() {
        return JsonArray.ofStrings(
                topicConfigSerializeWrapper.topicConfigTable().keySet());
    }
}
