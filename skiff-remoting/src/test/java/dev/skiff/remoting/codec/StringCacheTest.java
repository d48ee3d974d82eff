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
    void utf8IsDecoded() {
        assertThat(get("grüße-✓")).isEqualTo("grüße-✓");
    }
}
