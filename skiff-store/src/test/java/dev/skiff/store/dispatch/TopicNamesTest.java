package dev.skiff.store.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
    private final TopicNames names = new TopicNames();

    private String lookUp(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 7);
        b.put(7, bytes);
        return names.name(b, 7, bytes.length);
    }

    @Test
    void returnsTheSameStringForTheSameBytes() {
        String first = lookUp("TopicA".getBytes(StandardCharsets.UTF_8));
        assertThat(first).isEqualTo("TopicA");
        assertThat(lookUp("TopicA".getBytes(StandardCharsets.UTF_8))).isSameAs(first);
        assertThat(lookUp("TopicB".getBytes(StandardCharsets.UTF_8))).isEqualTo("TopicB");
        assertThat(lookUp("主题".getBytes(StandardCharsets.UTF_8))).isEqualTo("主题");
    }

    @Test
    void staysCorrectPastItsBoundAndForLongOrMalformedNames() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20_000; i++) {
                String t = "t" + i;
                assertThat(lookUp(t.getBytes(StandardCharsets.UTF_8))).isEqualTo(t);
            }
        }
        String longName = "L".repeat(TopicNames.NAME_MAX_BYTES + 1);
        assertThat(lookUp(longName.getBytes(StandardCharsets.UTF_8))).isEqualTo(longName);
        byte[] malformed = {'a', (byte) 0xC3};
        String decoded = new String(malformed, StandardCharsets.UTF_8);
        assertThat(lookUp(malformed)).isEqualTo(decoded);
        assertThat(lookUp(malformed)).isSameAs(lookUp(malformed));
    }
}
