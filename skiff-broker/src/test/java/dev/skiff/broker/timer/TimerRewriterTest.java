package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.send.RewriteRefusedException;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.dispatch.TagsCodeFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which messages are parked in the timer topic, which are refused and which pass unchanged. */
class TimerRewriterTest {
    private static final long NOW = 1_700_000_000_000L;
    private final ManualClock clock = new ManualClock(NOW);
    private final TimerRewriter rewriter = new TimerRewriter(true, 259_200, clock);

    @Test
    void eachWayOfAskingParksTheMessageWithItsTimeAndRealPlace() {
        assertParkedAt(rewriter.rewrite(message("TIMER_DELIVER_MS", Long.toString(NOW + 3_500))), NOW + 3_500);
        assertParkedAt(rewriter.rewrite(message("TIMER_DELAY_SEC", "10")), NOW + 10_000);
        assertParkedAt(rewriter.rewrite(message("TIMER_DELAY_MS", "250")), NOW + 250);
        assertParkedAt(rewriter.rewrite(message("__STARTDELIVERTIME", Long.toString(NOW + 60_000))), NOW + 60_000);
    }

    private static void assertParkedAt(MessageToStore parked, long deliverMs) {
        assertThat(parked.topic()).isEqualTo(SystemTopics.TIMER_TOPIC);
        assertThat(parked.queueId()).isZero();
        Map<String, String> props = MessageProperties.decode(parked.properties());
        assertThat(props)
                .containsEntry("TIMER_OUT_MS", Long.toString(deliverMs))
                .containsEntry("REAL_TOPIC", "T")
                .containsEntry("REAL_QID", "3")
                .containsEntry("KEYS", "k");
        assertThat(new TimerTagsCode(TagsCodeFunction.TAG_HASH)
                        .tagsCode(SystemTopics.TIMER_TOPIC, 0, RecordProperties.of(parked.properties()), NOW))
                .as("the consume-queue tag code is the delivery time")
                .isEqualTo(deliverMs);
    }

    @Test
    void aDelayOverTheLimitOrNotANumberIsRefusedWithMessageIllegal() {
        assertThatThrownBy(() -> rewriter.rewrite(message("TIMER_DELAY_SEC", "259201")))
                .isInstanceOfSatisfying(
                        RewriteRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL))
                .hasMessageContaining("259200000 ms");
        assertThat(rewriter.rewrite(message("TIMER_DELAY_SEC", "259200")).topic())
                .isEqualTo(SystemTopics.TIMER_TOPIC);
        assertThatThrownBy(() -> rewriter.rewrite(message("TIMER_DELIVER_MS", "soon")))
                .isInstanceOfSatisfying(
                        RewriteRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL));
        assertThatThrownBy(() -> rewriter.rewrite(message("TIMER_DELAY_SEC", Long.toString(Long.MAX_VALUE / 10))))
                .isInstanceOf(RewriteRefusedException.class);
        TimerRewriter thirtyDays = new TimerRewriter(true, 30 * 86_400, clock);
        assertThat(thirtyDays.rewrite(message("TIMER_DELAY_SEC", "2592000")).topic())
                .isEqualTo(SystemTopics.TIMER_TOPIC);
    }

    @Test
    void aTimeNotInTheFutureLeavesTheMessageAsItIs() {
        MessageToStore past = message("TIMER_DELIVER_MS", Long.toString(NOW - 1));
        assertThat(rewriter.rewrite(past)).isSameAs(past);
        MessageToStore now = message("TIMER_DELIVER_MS", Long.toString(NOW));
        assertThat(rewriter.rewrite(now)).isSameAs(now);
    }

    @Test
    void untimedDelayLevelDeliveredAndTransactionalMessagesPassUnchanged() {
        MessageToStore plain = message("TAGS", "a");
        assertThat(rewriter.rewrite(plain)).isSameAs(plain);
        MessageToStore level = message("TIMER_DELAY_SEC", "10", "DELAY", "3");
        assertThat(rewriter.rewrite(level)).isSameAs(level);
        MessageToStore delivered =
                message("TIMER_DELIVER_MS", Long.toString(NOW + 5_000), "TIMER_OUT_MS", Long.toString(NOW - 5));
        assertThat(rewriter.rewrite(delivered)).isSameAs(delivered);
        MessageToStore half = withSysFlag(message("TIMER_DELAY_SEC", "10"), 0x4);
        assertThat(rewriter.rewrite(half)).isSameAs(half);
    }

    @Test
    void withTheWheelDisabledATimedMessageIsRefusedWithSystemError() {
        TimerRewriter off = new TimerRewriter(false, 259_200, clock);
        assertThatThrownBy(() -> off.rewrite(message("TIMER_DELAY_SEC", "10")))
                .isInstanceOfSatisfying(
                        RewriteRefusedException.class, e -> assertThat(e.code()).isEqualTo(ResponseCode.SYSTEM_ERROR))
                .hasMessageContaining("timerWheelEnable");
        MessageToStore plain = message("TAGS", "a");
        assertThat(off.rewrite(plain)).isSameAs(plain);
    }

    @Test
    void theTagCodeOfABadOrMissingTimeIsZeroAndOtherTopicsKeepTheirs() {
        TimerTagsCode code = new TimerTagsCode((topic, queueId, props, storeMs) -> 77);
        assertThat(code.tagsCode(SystemTopics.TIMER_TOPIC, 0, RecordProperties.of("TIMER_OUT_MS\u00011x2\u0002"), 0))
                .isZero();
        assertThat(code.tagsCode(SystemTopics.TIMER_TOPIC, 0, RecordProperties.of("KEYS\u0001k\u0002"), 0))
                .isZero();
        assertThat(code.tagsCode("T", 0, RecordProperties.of("TIMER_OUT_MS\u0001123\u0002"), 0))
                .isEqualTo(77);
    }

    private static MessageToStore message(String... kv) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("KEYS", "k");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new MessageToStore(
                "T",
                3,
                0,
                new byte[] {1},
                MessageProperties.encode(props),
                0,
                1L,
                new HostAddress(new byte[4], 1),
                0,
                0);
    }

    private static MessageToStore withSysFlag(MessageToStore m, int sysFlag) {
        return new MessageToStore(
                m.topic(),
                m.queueId(),
                m.flag(),
                m.body(),
                m.properties(),
                sysFlag,
                m.bornTimestampMs(),
                m.bornHost(),
                m.reconsumeTimes(),
                m.preparedTransactionOffset());
    }
}
