package dev.skiff.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    private final StringCache cache = new StringCache();

    private String get(String text) {
        byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.UTF_8);
        return cache.get(bytes, 1, bytes.length - 2); // an offset range, as the decoder passes
    }

    @Test
    void aRepeatedValueIsTheSameString() {
        String first = get("BenchTopic");
        assertThat(first).isEqualTo("BenchTopic");
        assertThat(get("BenchTopic")).isSameAs(first);
    }

    @Test
    void longValuesAreDecodedButNotCached() {
        String longValue = "x".repeat(StringCache.MAX_CACHED_BYTES + 1);
        String first = get(longValue);
        assertThat(first).isEqualTo(longValue);
        assertThat(get(longValue)).isEqualTo(longValue).isNotSameAs(first);
    }

    @Test
    void oneOffValuesNeverEvictARepeatingOneAndASecondSightingTakesTheSlot() {
        String hot = get("BenchTopic");
        int slot = StringCache.slotOf(bytesOf("BenchTopic"), 0, "BenchTopic".length());
        // 5,000 one-off values shaped like signatures (Base64 of 20 bytes): those that land on the hot
        // value's slot are decoded but leave it there
        int landed = 0;
        java.util.Random random = new java.util.Random(24);
        byte[] mac = new byte[20];
        for (int i = 0; i < 5_000; i++) {
            random.nextBytes(mac);
            String oneOff = java.util.Base64.getEncoder().encodeToString(mac);
            assertThat(get(oneOff)).isEqualTo(oneOff);
            if (StringCache.slotOf(bytesOf(oneOff), 0, oneOff.length()) == slot) {
                landed++;
            }
            assertThat(get("BenchTopic")).isSameAs(hot);
        }
        assertThat(landed).as("some one-off values shared the hot slot").isPositive();
        // a value seen twice in a row at a taken slot replaces it, and is then served from the cache
        String rival = rivalOf("BenchTopic");
        String first = get(rival);
        String second = get(rival);
        assertThat(second).isEqualTo(rival).isNotSameAs(first);
        assertThat(get(rival)).isSameAs(second);
    }

    /** A different value that lands on the same slot as {@code value}. */
    private static String rivalOf(String value) {
        int slot = StringCache.slotOf(bytesOf(value), 0, value.length());
        for (int i = 0; i < 1_000_000; i++) {
            String candidate = "rival-" + i;
            if (StringCache.slotOf(bytesOf(candidate), 0, candidate.length()) == slot) {
                return candidate;
            }
        }
        throw new AssertionError("no rival found for " + value);
    }

    private static byte[] bytesOf(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void utf8IsDecoded() {
        assertThat(get("grüße-✓")).isEqualTo("grüße-✓");
    }
}
