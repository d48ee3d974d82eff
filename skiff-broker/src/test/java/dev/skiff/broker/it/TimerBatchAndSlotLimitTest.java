package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.skiff.broker.timer.TimerMessages;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timer messages sent as a batch are held like single sends, and a slot that holds too many
 * timers refuses more ({@code timerCongestNumEachSlot}), with the official producer. The official
 * 5.5 client itself refuses to batch messages with {@code TIMER_DELIVER_MS} / {@code
 * TIMER_DELAY_*} before sending; batches carrying the older {@code __STARTDELIVERTIME} property
 * (older clients, other languages) reach the broker, and those are what the batch tests send.
 */
class TimerBatchAndSlotLimitTest {
    @TempDir
    Path dir;

    @Test
    void aBatchWhoseMessagesCarryDeliveryTimesIsHeldAndEachFiresAtItsOwnTime() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerBatch", 1);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-batch");
            long nowMs = System.currentTimeMillis();
            long[] at = {nowMs + 2_000, nowMs + 3_000, nowMs + 2_500, nowMs - 5_000};
            Map<String, Long> deliverAt = new HashMap<>();
            try {
                List<Message> batch = new ArrayList<>();
                for (int i = 0; i < at.length; i++) {
                    Message m = new Message("TimerBatch", "b", "k" + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                    startDeliverAt(m, at[i]);
                    batch.add(m);
                    deliverAt.put("m" + i, at[i]);
                }
                SendResult r = producer.send(batch);
                assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

                MessageStore store = cluster.broker().store();
                assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();
                List<StoredMessage> early = readAll(store, "TimerBatch");
                assertThat(early.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)))
                        .as("only the one whose time had passed may be there before 2 s")
                        .isSubsetOf("m3");

                assertThat(StoreProbe.await(
                                15_000, () -> readAll(store, "TimerBatch").size() == 4))
                        .as("all four delivered")
                        .isTrue();
                assertThat(StoreProbe.await(
                                5_000, () -> cluster.broker().timer().pendingCount() == 0))
                        .isTrue();
                assertThat(cluster.broker().timer().deliveredCount())
                        .as("each once")
                        .isEqualTo(4);
                List<StoredMessage> out = readAll(store, "TimerBatch");
                assertThat(out).hasSize(4);
                for (StoredMessage m : out) {
                    String body = new String(m.body(), StandardCharsets.UTF_8);
                    long due = deliverAt.get(body);
                    assertThat(m.storeTimestampMs()).as(body + " not early").isGreaterThanOrEqualTo(due);
                    if (due > nowMs) {
                        assertThat(m.storeTimestampMs())
                                .as(body + " within a slot + 1 s")
                                .isLessThanOrEqualTo(due + 2_000);
                    }
                    assertThat(MessageProperties.get(m.properties(), TimerMessages.TIMER_OUT_MS))
                            .isNotNull();
                    assertThat(MessageProperties.get(m.properties(), MessageProperties.KEYS))
                            .isEqualTo("k" + body.substring(1));
                }
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void aBatchMixingTimedAndUntimedMessagesIsRefusedAndNothingOfItIsStored() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            ConsumeSupport.createTopic(cluster, "TimerMixed", 1);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-mixed");
            try {
                Message timed = new Message("TimerMixed", "t".getBytes(StandardCharsets.UTF_8));
                startDeliverAt(timed, System.currentTimeMillis() + 30_000);
                Message plain = new Message("TimerMixed", "p".getBytes(StandardCharsets.UTF_8));
                assertThatThrownBy(() -> producer.send(List.of(timed, plain)))
                        .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                            assertThat(e.getResponseCode()).isEqualTo(13);
                            assertThat(e.getErrorMessage()).contains("message 1 of the batch has no delivery time");
                        });
                Message tooFar = new Message("TimerMixed", "f".getBytes(StandardCharsets.UTF_8));
                startDeliverAt(tooFar, System.currentTimeMillis() + 4 * 86_400_000L);
                Message ok = new Message("TimerMixed", "o".getBytes(StandardCharsets.UTF_8));
                startDeliverAt(ok, System.currentTimeMillis() + 30_000);
                assertThatThrownBy(() -> producer.send(List.of(ok, tooFar)))
                        .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                            assertThat(e.getResponseCode()).isEqualTo(13);
                            assertThat(e.getErrorMessage())
                                    .contains("message 1 of the batch")
                                    .contains("timerMaxDelaySec");
                        });
                Message a = new Message("TimerMixed", "a".getBytes(StandardCharsets.UTF_8));
                Message b = new Message("TimerMixed", "b".getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(List.of(a, b)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }
            MessageStore store = cluster.broker().store();
            assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();
            assertThat(readAll(store, "TimerMixed"))
                    .as("only the untimed batch, at once")
                    .hasSize(2);
            assertThat(cluster.broker().timer().pendingCount()).isZero();
        }
    }

    @Test
    void aSlotHoldingTwiceTheLimitRefusesMoreWhileOtherSlotsStillAccept() throws Exception {
        Properties p = new Properties();
        p.setProperty("timerCongestNumEachSlot", "1");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, p)) {
            ConsumeSupport.createTopic(cluster, "TimerHot", 1);
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-timer-hot");
            producer.setRetryTimesWhenSendFailed(0);
            long hotMs = (System.currentTimeMillis() / 1_000 + 600) * 1_000; // one slot, 10 min ahead
            try {
                for (int i = 0; i < 2; i++) {
                    Message m = new Message("TimerHot", ("h" + i).getBytes(StandardCharsets.UTF_8));
                    m.setDeliverTimeMs(hotMs);
                    assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                    int expected = i + 1;
                    assertThat(StoreProbe.await(
                                    5_000, () -> cluster.broker().timer().pendingCount() == expected))
                            .isTrue();
                }
                Message third = new Message("TimerHot", "h2".getBytes(StandardCharsets.UTF_8));
                third.setDeliverTimeMs(hotMs);
                MQBrokerException refused = brokerException(catchThrowable(() -> producer.send(third)));
                assertThat(refused.getResponseCode()).isEqualTo(1);
                assertThat(refused.getErrorMessage()).contains("timerCongestNumEachSlot=1");
                Message otherSlot = new Message("TimerHot", "o".getBytes(StandardCharsets.UTF_8));
                otherSlot.setDeliverTimeMs(hotMs + 1_000);
                assertThat(producer.send(otherSlot).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                Message batchedHot = new Message("TimerHot", "bh".getBytes(StandardCharsets.UTF_8));
                startDeliverAt(batchedHot, hotMs);
                Message batchedOk = new Message("TimerHot", "bo".getBytes(StandardCharsets.UTF_8));
                startDeliverAt(batchedOk, hotMs + 2_000);
                assertThat(brokerCode(() -> producer.send(List.of(batchedOk, batchedHot))))
                        .as("one hot message refuses the whole batch")
                        .isEqualTo(1);
            } finally {
                producer.shutdown();
            }
            assertThat(StoreProbe.await(5_000, () -> cluster.broker().timer().pendingCount() == 3))
                    .as("two in the hot slot, one in the next; nothing of the refused batch")
                    .isTrue();
        }
    }

    /** An older client's delivery time, which the official 5.5 client lets into a batch. */
    private static void startDeliverAt(Message m, long atMs) {
        MessageAccessor.putProperty(m, TimerMessages.START_DELIVER_TIME, Long.toString(atMs));
    }

    /** The broker's refusal, bare or wrapped by the client's send retries (SYSTEM_ERROR is retried). */
    private static MQBrokerException brokerException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MQBrokerException e) {
                return e;
            }
        }
        throw new AssertionError("not refused by the broker", t);
    }

    private static int brokerCode(ThrowingCallable send) {
        return brokerException(catchThrowable(send)).getResponseCode();
    }

    private static List<StoredMessage> readAll(MessageStore store, String topic) {
        List<StoredMessage> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            try (GetResult r = store.getMessages(topic, 0, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
                if (r.records().isEmpty()) {
                    return out;
                }
                for (SelectedRecord rec : r.records()) {
                    out.add(StoredRecordDecoder.decode(
                            rec.buffer(), rec.buffer().position()));
                    offset = rec.queueOffset() + 1;
                }
            }
        }
    }
}
