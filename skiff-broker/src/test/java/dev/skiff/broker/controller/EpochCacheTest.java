package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochCacheTest {
    @Test
    void roundTripsInTheOfficialLayoutWithEndOffsets() {
        EpochCache c = new EpochCache("c", "b", 2, List.of(new EpochEntry(1, 0), new EpochEntry(3, 700)), 1_200);
        String json = new String(c.encode(), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"epochList\"")
                .contains("\"endOffset\":700")
                .contains("\"endOffset\":1200")
                .contains("\"maxOffset\":1200");
        EpochCache back = EpochCache.decode(c.encode());
        assertThat(back).isEqualTo(c);
    }

    @Test
    void aBadBodyIsAClearError() {
        assertThatThrownBy(() -> EpochCache.decode("{\"epochList\":[{\"epoch\":-4}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad epoch cache body");
        assertThatThrownBy(() -> EpochCache.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
