package dev.skiff.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place properties view agrees with the string reader on every lookup and hash. */
class RecordPropertiesTest {
    private static final List<String> NAMES = List.of("TAGS", "KEYS", "UNIQ_KEY", "A", "TAG", "TAGSX", "");
    private static final String[] PIECES = {"a", "TagA", " ", "k1 k2", "é", "日本", "x\u0001y", "", "\uD83D\uDE00"};

    @Test
    void agreesWithTheStringReaderOnRandomProperties() {
        Random rnd = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            String encoded = randomProperties(rnd);
            RecordProperties view = RecordProperties.of(encoded);
            assertThat(view.asString()).isEqualTo(encoded);
            for (String name : NAMES) {
                String expected = MessageProperties.get(encoded, name);
                assertThat(view.get(name)).as("%s in %s", name, encoded).isEqualTo(expected);
                assertThat(view.hashOf(name)).isEqualTo(TagHash.of(expected));
                int v = view.valueStart(name);
                if (expected == null) {
                    assertThat(v).isEqualTo(-1);
                } else {
                    int seed = 31 * "Topic".hashCode() + '#';
                    assertThat(view.hashRange(seed, v, view.valueEnd(v))).isEqualTo(("Topic#" + expected).hashCode());
                }
            }
        }
    }

    @Test
    void findsValuesInsideALargerBuffer() {
        byte[] props = "TAGS\u0001t\u0002KEYS\u0001k\u0002".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] around = new byte[props.length + 10];
        java.util.Arrays.fill(around, (byte) 2);
        System.arraycopy(props, 0, around, 5, props.length);
        RecordProperties view = new RecordProperties();
        view.reset(java.nio.ByteBuffer.wrap(around), 5, props.length);
        assertThat(view.get("TAGS")).isEqualTo("t");
        assertThat(view.get("KEYS")).isEqualTo("k");
        assertThat(view.get("UNIQ_KEY")).isNull();
    }

    private static String randomProperties(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(8) == 0 ? PIECES[rnd.nextInt(PIECES.length)] : NAMES.get(rnd.nextInt(NAMES.size())));
            if (rnd.nextInt(10) > 0) {
                sb.append(MessageProperties.NAME_VALUE_SEPARATOR);
            }
            int parts = rnd.nextInt(3);
            for (int p = 0; p < parts; p++) {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
            if (i < n - 1 || rnd.nextBoolean()) {
                sb.append(MessageProperties.PROPERTY_SEPARATOR);
            }
        }
        return sb.toString();
    }
}
