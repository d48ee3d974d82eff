package dev.skiff.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery driven pass by pass with a manual clock over a real store. */
class DelayDeliveryServiceTest {
    private static final long[] LEVELS = {1_000, 5_000, 10_000};
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private DefaultMessageStore store;
    private MessageAppender appender;

    @BeforeEach
    void open() {
        StoreConfig cfg = StoreConfig.builder(dir.resolve("store"))
                .commitLogSegmentBytes(1 << 20)
                .preTouchSegments(false)
                .indexEnabled(false)
                .build();
        store = new DefaultMessageStore(cfg, clock, () -> 0.1, ArrivalListener.NONE, new ScheduleTagsCode(LEVELS));
        store.start();
        appender = new MessageAppender(store);
        appender.addRewriter(new DelayRewriter(LEVELS.length));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void dueMessagesGoToTheirRealQueueInOrderAndNotBefore() throws Exception {
        put("T", 2, "a", "2");
        put("T", 2, "b", "2");
        put("T", 1, "c", "1");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 1, 2);
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 1);
        DelayDeliveryService service = service(DelayOffsetTable.open(dir.resolve("delayOffset.json"), 3));

        assertThat(service.deliverDue()).isEqualTo(1_000);
        assertThat(service.deliveredCount()).isZero();

        clock.advanceMs(999);
        assertThat(service.deliverDue()).isEqualTo(1);
        clock.advanceMs(1);
        assertThat(service.deliverDue()).isEqualTo(4_000);
        awaitQueue("T", 1, 1);
        assertThat(bodies("T", 2)).isEmpty();

        clock.advanceMs(4_000);
        assertThat(service.deliverDue()).isEqualTo(DelayDeliveryService.IDLE_WAIT_MAX_MS);
        awaitQueue("T", 2, 2);
        assertThat(bodies("T", 2)).containsExactly("a", "b");
        assertThat(service.deliveredCount()).isEqualTo(3);

        StoredMessage delivered = first("T", 2);
        Map<String, String> props = delivered.propertiesMap();
        assertThat(props).doesNotContainKey("DELAY");
        assertThat(props)
                .containsEntry("WAIT", "false")
                .containsEntry("REAL_TOPIC", "T")
                .containsEntry("REAL_QID", "2")
                .containsEntry("TAGS", "tag")
                .containsEntry("KEYS", "key-a");
        assertThat(delivered.bornTimestampMs()).isEqualTo(42L);
        assertThat(delivered.reconsumeTimes()).isEqualTo(1);
        assertThat(delivered.flag()).isEqualTo(5);
        assertThat(delivered.storeTimestampMs()).isEqualTo(T0 + 5_000);
    }

    @Test
    void progressIsPersistedSoANewServiceDoesNotDeliverAgain() throws Exception {
        put("T", 0, "a", "1");
        put("T", 0, "b", "3");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 1);
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 2, 1);
        Path file = dir.resolve("delayOffset.json");
        DelayDeliveryService first = service(DelayOffsetTable.open(file, 3));
        clock.advanceMs(1_000);
        first.deliverDue();
        first.close();
        assertThat(Files.readString(file)).isEqualTo("{\"offsetTable\":{1:1,2:0,3:0}}");

        DelayDeliveryService second = service(DelayOffsetTable.open(file, 3));
        clock.advanceMs(9_000);
        second.deliverDue();
        awaitQueue("T", 0, 2);
        assertThat(bodies("T", 0)).containsExactly("a", "b");
        assertThat(second.deliveredCount()).isEqualTo(1);
    }

    @Test
    void theDeliveryThreadDeliversStopsAndStartsAgain() throws Exception {
        put("T", 0, "a", "1");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 1);
        Path file = dir.resolve("delayOffset.json");
        DelayDeliveryService service = service(DelayOffsetTable.open(file, 3));
        clock.advanceMs(1_000);
        service.start();
        awaitDelivered(service, 1);

        service.stop();
        put("T", 0, "b", "1");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 2);
        clock.advanceMs(1_000);
        assertThat(Files.readString(file)).as("stop persists").isEqualTo("{\"offsetTable\":{1:1,2:0,3:0}}");

        service.start(); // a broker that became master again
        awaitDelivered(service, 2);
        service.close();
        awaitQueue("T", 0, 2);
        assertThat(bodies("T", 0)).containsExactly("a", "b");
        assertThat(service.failedPasses()).isZero();
        assertThat(Files.readString(file)).isEqualTo("{\"offsetTable\":{1:2,2:0,3:0}}");
        service.start();
        assertThat(service.failedPasses()).as("closed for good: no thread").isZero();
    }

    /** Waits (bounded) for the delivery thread to have delivered {@code count} messages. */
    private static void awaitDelivered(DelayDeliveryService service, long count) throws InterruptedException {
        Await.holdsWithin(Duration.ofSeconds(10), () -> service.deliveredCount() >= count);
        assertThat(service.deliveredCount()).isEqualTo(count);
    }

    @Test
    void aDeliveryTimeFurtherOutThanTheLevelCountsAsDue() throws Exception {
        put("T", 0, "a", "1");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 1);
        ManualClock wentBack = new ManualClock(T0 - 10_000);
        DelayDeliveryService service = new DelayDeliveryService(
                store, appender, DelayOffsetTable.open(dir.resolve("d.json"), 3), LEVELS, wentBack);
        service.deliverDue();
        assertThat(service.deliveredCount()).isEqualTo(1);
    }

    @Test
    void progressBeyondTheQueueIsPulledBack() throws Exception {
        Path file = dir.resolve("d.json");
        Files.writeString(file, "{\"offsetTable\":{1:7,\"2\":0,9:3}}");
        DelayOffsetTable table = DelayOffsetTable.open(file, 3);
        assertThat(table.get(1)).isEqualTo(7);
        put("T", 0, "a", "1");
        awaitQueue(SystemTopics.SCHEDULE_TOPIC, 0, 1);
        DelayDeliveryService service = service(table);
        service.deliverDue();
        assertThat(table.get(1)).isEqualTo(1);
    }

    private DelayDeliveryService service(DelayOffsetTable table) {
        return new DelayDeliveryService(store, appender, table, LEVELS, clock);
    }

    private void put(String topic, int queueId, String body, String level) {
        String props = MessageProperties.encode(
                new java.util.LinkedHashMap<>(Map.of("DELAY", level, "TAGS", "tag", "KEYS", "key-" + body)));
        var m = new dev.skiff.store.MessageToStore(
                topic,
                queueId,
                5,
                body.getBytes(StandardCharsets.UTF_8),
                props,
                0,
                42L,
                new dev.skiff.common.message.HostAddress(new byte[] {10, 0, 0, 9}, 777),
                1,
                0);
        assertThat(appender.append(m).join().isStored()).isTrue();
    }

    /** Everything appended so far is in its consume queue: the queue holds {@code count} records. */
    private void awaitQueue(String topic, int queueId, long count) {
        assertThat(store.awaitDispatched(5_000)).as("dispatched").isTrue();
        assertThat(store.maxOffsetInQueue(topic, queueId)).isEqualTo(count);
    }

    private List<String> bodies(String topic, int queueId) {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : read(store, topic, queueId)) {
            out.add(new String(m.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private StoredMessage first(String topic, int queueId) {
        return read(store, topic, queueId).get(0);
    }

    static List<StoredMessage> read(MessageStore store, String topic, int queueId) {
        List<StoredMessage> out = new ArrayList<>();
        try (GetResult r = store.getMessages(topic, queueId, 0, 100, 1 << 20, MessageFilter.ALL)) {
            for (SelectedRecord rec : r.records()) {
                out.add(StoredRecordDecoder.decode(rec.buffer(), rec.buffer().position()));
            }
        }
        return out;
    }
}
