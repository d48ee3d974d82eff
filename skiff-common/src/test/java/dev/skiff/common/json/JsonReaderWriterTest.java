package dev.skiff.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderWriterTest {

    // Samples from the wire-protocol sheet §6.2/6.3/6.4/6.8, as official peers print them.
    private static final String ROUTE_DEFAULT =
            "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"127.0.0.1:10911\",1:\"127.0.0.1:10921\"},\"brokerName\":\"broker-a\","
                    + "\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],\"filterServerTable\":{},\"queueDatas\":"
                    + "[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,\"writeQueueNums\":4}]}";
    private static final String CLUSTER_INFO =
            "{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":{0:\"127.0.0.1:10911\",1:\"127.0.0.1:10921\"},"
                    + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}},"
                    + "\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\"]}}";
    private static final String REGISTER_BODY =
            "{\"filterServerList\":[],\"topicConfigSerializeWrapper\":{\"dataVersion\":{\"counter\":0,\"stateVersion\":0,"
                    + "\"timestamp\":1700000000000},\"mappingDataVersion\":{\"counter\":0,\"stateVersion\":0,\"timestamp\":1700000000000},"
                    + "\"topicConfigTable\":{\"TopicTest\":{\"attributes\":{},\"order\":false,\"perm\":6,\"readQueueNums\":4,"
                    + "\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"TopicTest\",\"topicSysFlag\":0,\"writeQueueNums\":4}},"
                    + "\"topicQueueMappingDetailMap\":{},\"topicQueueMappingInfoMap\":{}}}";
    private static final String RESET_OFFSET =
            "{\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"TopicTest\"}:42}}";
    private static final String TOPIC_STATS =
            "{\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicTest\"}:{\"lastUpdateTimestamp\":1700000000000,"
                    + "\"maxOffset\":10,\"minOffset\":0}}}";

    @Test
    void sheetSamplesRoundTripByteForByte() {
        for (String sample : List.of(
                ROUTE_DEFAULT,
                CLUSTER_INFO,
                REGISTER_BODY,
                RESET_OFFSET,
                TOPIC_STATS,
                "{\"topicList\":[\"TopicTest\"]}",
                "{\"table\":{\"TopicTest\":\"broker-a:4\"}}")) {
            assertThat(Json.write(Json.parse(sample))).isEqualTo(sample);
        }
    }

    @Test
    void numericKeysAreKeptAsNumbersAndReadableByText() {
        JsonObject addrs = Json.parse(ROUTE_DEFAULT)
                .asObject()
                .getArray("brokerDatas")
                .get(0)
                .asObject()
                .getObject("brokerAddrs");
        Map.Entry<Object, JsonValue> first = addrs.entries().iterator().next();
        assertThat(first.getKey()).isEqualTo(JsonNumber.of(0));
        assertThat(addrs.getString("1")).isEqualTo("127.0.0.1:10921");
    }

    @Test
    void standardFormQuotesNumericKeysAndLargeLongs() {
        JsonObject obj = new JsonObject();
        obj.put(1, new JsonString("b")).put(0, new JsonString("a"));
        JsonObject root =
                new JsonObject().put("big", 9007199254740993L).put("m", obj).put("ok", 5);
        assertThat(Json.write(root, JsonWriteOptions.STANDARD))
                .isEqualTo("{\"big\":\"9007199254740993\",\"m\":{\"0\":\"a\",\"1\":\"b\"},\"ok\":5}");
        assertThat(Json.write(root)).isEqualTo("{\"big\":9007199254740993,\"m\":{0:\"a\",1:\"b\"},\"ok\":5}");
        assertThat(Json.write(root, JsonWriteOptions.INSERTION_ORDER))
                .isEqualTo("{\"big\":9007199254740993,\"m\":{1:\"b\",0:\"a\"},\"ok\":5}");
    }

    @Test
    void objectKeysParseAsObjects() {
        JsonObject table = Json.parse(RESET_OFFSET).asObject().getObject("offsetTable");
        Map.Entry<Object, JsonValue> entry = table.entries().iterator().next();
        assertThat(entry.getKey()).isInstanceOf(JsonObject.class);
        JsonObject mq = (JsonObject) entry.getKey();
        assertThat(mq.getString("topic")).isEqualTo("TopicTest");
        assertThat(mq.getInt("queueId", -1)).isEqualTo(1);
        assertThat(entry.getValue().asLong()).isEqualTo(42);
    }

    @Test
    void lenientInput() {
        JsonObject obj = Json.parse("{topic:'t\\'x', 'a' : \"\\u00e9\\n\", n:-12.5e1, list:[1,2,], $x_y-1.z:null,}")
                .asObject();
        assertThat(obj.getString("topic")).isEqualTo("t'x");
        assertThat(obj.getString("a")).isEqualTo("é\n");
        assertThat(obj.get("n").asDouble()).isEqualTo(-125.0);
        assertThat(obj.getArray("list").size()).isEqualTo(2);
        assertThat(obj.get("$x_y-1.z").isNull()).isTrue();
        assertThat(obj.getInt("missing", 7)).isEqualTo(7);
    }

    @Test
    void stringsForNumbersAndBooleans() {
        JsonObject obj = Json.parse("{\"a\":\"42\",\"b\":\"true\",\"c\":7}").asObject();
        assertThat(obj.getLong("a", 0)).isEqualTo(42);
        assertThat(obj.getBoolean("b", false)).isTrue();
        assertThat(obj.getString("c")).isEqualTo("7");
        assertThatThrownBy(() -> Json.parse("{\"a\":\"x\"}").asObject().getInt("a", 0))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("member 'a'")
                .hasMessageContaining("expected an integer");
    }

    @Test
    void numberKinds() {
        JsonArray array = Json.parse("[1, 9223372036854775807, 92233720368547758070, 1.5, 0.1234567890123456789]")
                .asArray();
        assertThat(((JsonNumber) array.get(0)).value()).isEqualTo(1L);
        assertThat(((JsonNumber) array.get(1)).value()).isEqualTo(Long.MAX_VALUE);
        assertThat(((JsonNumber) array.get(2)).value()).isEqualTo(new BigDecimal("92233720368547758070"));
        assertThat(((JsonNumber) array.get(3)).value()).isEqualTo(1.5);
        assertThat(((JsonNumber) array.get(4)).value()).isEqualTo(new BigDecimal("0.1234567890123456789"));
        assertThat(Json.write(array))
                .isEqualTo("[1,9223372036854775807,92233720368547758070,1.5,0.1234567890123456789]");
    }

    @Test
    void controlCharactersEscapedAsFastjson2Does() {
        JsonObject obj = new JsonObject().put("k", "a\u0001b\u001f\n\t\"\\é");
        assertThat(Json.write(obj)).isEqualTo("{\"k\":\"a\\u0001b\\u001f\\n\\t\\\"\\\\é\"}");
        assertThat(Json.write(obj, new JsonWriteOptions(true, false, false, true)))
                .contains("\\u00e9");
        assertThat(Json.parse(Json.write(obj)).asObject().getString("k")).isEqualTo("a\u0001b\u001f\n\t\"\\é");
    }

    @Test
    void nullMembersAreOmitted() {
        JsonObject obj = new JsonObject()
                .put("a", (String) null)
                .put("b", JsonNull.INSTANCE)
                .put("c", 1);
        assertThat(Json.write(obj)).isEqualTo("{\"c\":1}");
    }

    @Test
    void errorsNamePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1}x"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("offset 7")
                .hasMessageContaining("after the end of the JSON value");
        assertThatThrownBy(() -> Json.parse("{\n\"a\" 1}"))
                .hasMessageContaining("line 2, column 5")
                .hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("[1,2")).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("{\"a\":tru}")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessageContaining("invalid escape");
        assertThatThrownBy(() -> Json.parse("\"\\u12g4\"")).hasMessageContaining("invalid hex digit");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("empty JSON input");
        assertThatThrownBy(() -> Json.parse("-")).hasMessageContaining("expected a digit");
        assertThatThrownBy(() -> Json.parse("{\"a\":1 \"b\":2}")).hasMessageContaining("expected ',' or '}'");
    }

    @Test
    void limitsAreEnforced() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("deeper than the limit of 128");
        JsonReader.Limits small = new JsonReader.Limits(4, 20);
        assertThatThrownBy(() -> JsonReader.parse("[1,2,3,4,5,6,7,8,9,10,11]", small))
                .hasMessageContaining("exceeds the limit of 20");
        assertThatThrownBy(() -> JsonReader.parse("{{\"a\":[[[1]]]}:1}", small)).hasMessageContaining("deeper");
        assertThat(JsonReader.parse("[[[[]]]]", small).asArray().size()).isEqualTo(1);
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButJsonException() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "{}[]:,\"'\\u0123456789-+.eEtrufalsn x{";
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(sb.toString());
        }
        for (String input : inputs) {
            try {
                JsonValue value = Json.parse(input.getBytes(StandardCharsets.UTF_8));
                assertThat(Json.parse(Json.write(value))).isEqualTo(value);
            } catch (JsonException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
