package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicAttributesTest {

    @Test
    void setsAndRemoves() {
        Map<String, String> current = Map.of("message.type", "NORMAL", "queue.type", "BatchCQ");
        assertThat(TopicAttributes.apply(current, "+message.type=FIFO,-queue.type,cleanup.policy=DELETE"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("message.type", "FIFO", "cleanup.policy", "DELETE"));
        assertThat(TopicAttributes.apply(current, "")).isEqualTo(current);
    }

    @Test
    void malformedOrUnboundedTextIsRefused() {
        assertThatThrownBy(() -> TopicAttributes.apply(Map.of(), "+novalue"))
                .hasMessageContaining("must look like +key=value or -key");
        assertThatThrownBy(() -> TopicAttributes.apply(Map.of(), "+=x")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> TopicAttributes.apply(Map.of(), "+k=" + "v".repeat(300)))
                .hasMessageContaining("longer than 256");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append("+k").append(i).append("=v,");
        }
        assertThatThrownBy(() -> TopicAttributes.apply(Map.of(), many.toString()))
                .hasMessageContaining("at most 32 attributes");
    }
}
