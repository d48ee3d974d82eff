package dev.skiff.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.store.MessageToStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelayRewriterTest {
    private static final HostAddress BORN = new HostAddress(new byte[] {10, 0, 0, 1}, 4000);
    private final DelayRewriter rewriter = new DelayRewriter(18);

    static MessageToStore message(String topic, int queueId, int sysFlag, String... props) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            map.put(props[i], props[i + 1]);
        }
        return new MessageToStore(
                topic, queueId, 7, "body".getBytes(), MessageProperties.encode(map), sysFlag, 1234L, BORN, 2, 0);
    }

    @Test
    void aDelayedMessageIsParkedInItsLevelQueueWithItsRealDestination() {
        MessageToStore parked = rewriter.rewrite(message("T", 3, 0, "DELAY", "2", "TAGS", "a", "KEYS", "k1"));
        assertThat(parked.topic()).isEqualTo(SystemTopics.SCHEDULE_TOPIC);
        assertThat(parked.queueId()).isEqualTo(1);
        Map<String, String> props = MessageProperties.decode(parked.properties());
        assertThat(props)
                .containsEntry("REAL_TOPIC", "T")
                .containsEntry("REAL_QID", "3")
                .containsEntry("DELAY", "2")
                .containsEntry("TAGS", "a")
                .containsEntry("KEYS", "k1");
        assertThat(parked.flag()).isEqualTo(7);
        assertThat(parked.reconsumeTimes()).isEqualTo(2);
        assertThat(parked.bornTimestampMs()).isEqualTo(1234L);
    }

    @Test
    void aLevelAboveTheMaximumIsClamped() {
        MessageToStore parked = rewriter.rewrite(message("T", 0, 0, "DELAY", "99"));
        assertThat(parked.queueId()).isEqualTo(17);
        assertThat(MessageProperties.get(parked.properties(), "DELAY")).isEqualTo("18");
    }

    @Test
    void messagesWithoutAPositiveLevelOrInTransactionsAreUnchanged() {
        for (MessageToStore m : new MessageToStore[] {
            message("T", 0, 0),
            message("T", 0, 0, "DELAY", "0"),
            message("T", 0, 0, "DELAY", "-1"),
            message("T", 0, 0, "DELAY", "x"),
            message("T", 0, 0x4, "DELAY", "2"),
            message("T", 0, 0xC, "DELAY", "2"),
            message(SystemTopics.SCHEDULE_TOPIC, 1, 0, "DELAY", "2")
        }) {
            assertThat(rewriter.rewrite(m)).isSameAs(m);
        }
        assertThat(rewriter.rewrite(message("T", 0, 0x8, "DELAY", "1")).topic())
                .as("a committed transactional message may be delayed")
                .isEqualTo(SystemTopics.SCHEDULE_TOPIC);
    }

    @Test
    void propertyEditsKeepOtherEntries() {
        String props = MessageProperties.encode(new LinkedHashMap<>(Map.of("A", "1")));
        props = PropertyEdits.with(props, "B", "2");
        props = PropertyEdits.with(props, "A", "3");
        assertThat(MessageProperties.decode(props)).containsOnly(Map.entry("A", "3"), Map.entry("B", "2"));
        assertThat(PropertyEdits.without(props, "A")).isEqualTo("B\u00012\u0002");
        assertThat(PropertyEdits.without(props, "AB")).isSameAs(props);
        assertThat(PropertyEdits.with("", "X", "y")).isEqualTo("X\u0001y\u0002");
        assertThat(PropertyEdits.with("X\u0001y", "Z", "w")).isEqualTo("X\u0001y\u0002Z\u0001w\u0002");
    }

    @Test
    void scheduleTagsCodeIsTheDeliveryTime() {
        ScheduleTagsCode codes = new ScheduleTagsCode(new long[] {1_000, 5_000});
        assertThat(codes.tagsCode(SystemTopics.SCHEDULE_TOPIC, 1, RecordProperties.of(""), 100))
                .isEqualTo(5_100);
        assertThat(codes.tagsCode(SystemTopics.SCHEDULE_TOPIC, 9, RecordProperties.of(""), 100))
                .isEqualTo(5_100);
        assertThat(codes.tagsCode("T", 1, RecordProperties.of("TAGS\u0001a\u0002"), 100))
                .isEqualTo(dev.skiff.common.message.TagHash.of("a"));
    }
}
