package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.schedule.ScheduleTagsCode;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer driven pass by pass with a manual clock over a real store and real timer files. */
class TimerServiceTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String TOPIC = "TimedTopic";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private DefaultMessageStore store;
    private MessageAppender appender;
    private TimerService timer;

    @BeforeEach
    void open() {
        StoreConfig cfg = StoreConfig.builder(dir.resolve("store"))
                .commitLogSegmentBytes(8 << 20)
                .preTouchSegments(false)
                .indexEnabled(true) // the takeover test looks delivered copies up by unique id
                .indexSlotCount(4_096)
                .indexEntryCount(100_000)
                .build();
        store = new DefaultMessageStore(
                cfg, clock, () -> 0.1, ArrivalListener.NONE, new TimerTagsCode(new ScheduleTagsCode(new long[] {1_000
                })));
        store.start();
        appender = new MessageAppender(store);
        appender.addRewriter(new TimerRewriter(true, 3 * 86_400, clock));
    }

    @AfterEach
    void close() {
        if (timer != null) {
            timer.close();
        }
        store.close();
    }

    private TimerService timer(int precisionMs, long windowMs, int entriesMax, int maxDelaySec) throws IOException {
        if (timer != null) {
            timer.close();
        }
        timer = TimerService.open(
                new TimerSettings(dir, precisionMs, maxDelaySec, windowMs, entriesMax, TimerLog.ENTRY_BYTES * 1024),
                store,
                appender,
                clock);
        return timer;
    }

    private TimerService timer() throws IOException {
        return timer(1_000, 60_000, 1_000_000, 3 * 86_400);
    }

    @Test
    void aTimerFiresAtItsOwnTimeAndNeverBefore() throws Exception {
        put("a", T0 + 3_500);
        TimerService t = timer();
        t.runOnce();
        assertThat(t.pendingCount()).isEqualTo(1);

        clock.advanceMs(3_499);
        t.runOnce();
        assertThat(delivered()).as("not before its time, T0 + 3.5 s").isEmpty();

        clock.advanceMs(1);
        t.runOnce();
        List<StoredMessage> out = delivered();
        assertThat(out)
                .as("at its own time, not at the start of its slot (T0 + 4 s)")
                .hasSize(1);
        StoredMessage m = out.get(0);
        assertThat(m.storeTimestampMs()).isEqualTo(T0 + 3_500);
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(m.queueId()).isEqualTo(2);
        assertThat(m.propertiesMap())
                .containsEntry("KEYS", "key-a")
                .containsEntry("TAGS", "tag")
                .containsEntry("UNIQ_KEY", "uniq-a")
                .containsEntry("TIMER_OUT_MS", Long.toString(T0 + 3_500))
                .containsEntry("TIMER_DEQUEUE_MS", Long.toString(T0 + 3_500))
                .containsEntry("WAIT", "false")
                .doesNotContainKeys("REAL_TOPIC", "REAL_QID");
        assertThat(m.bornTimestampMs()).isEqualTo(42L);
        assertThat(m.flag()).isEqualTo(5);
        assertThat(t.pendingCount())
                .as("its slot is marked fired only at its start")
                .isEqualTo(1);
        clock.advanceMs(500);
        t.runOnce();
        assertThat(delivered()).as("and is not fired again then").hasSize(1);
        assertThat(t.pendingCount()).isZero();
        clock.advanceMs(1_000);
        t.runOnce();
        assertThat(ByteBuffer.wrap(t.checkpointForSlave()).getLong(0))
                .as("with nothing else happening, the checkpoint still records the slot as passed")
                .isGreaterThan(T0 + 4_000);
        assertThat(t.runtimeFigures()).containsEntry("timerPendingNum", "0").containsKey("timerDequeueTps");
    }

    @Test
    void finerSlotsFireWithinTheirPrecision() throws Exception {
        put("a", T0 + 3_550);
        TimerService t = timer(100, 10_000, 1_000_000, 3_600);
        t.runOnce();
        clock.advanceMs(3_549);
        t.runOnce();
        assertThat(delivered()).isEmpty();
        clock.advanceMs(1);
        t.runOnce();
        assertThat(delivered()).hasSize(1);
    }

    @Test
    void aTimerDueFarAheadSurvivesRestartsAndFiresOnce() throws Exception {
        long dueMs = T0 + 2 * 86_400_000L;
        put("far", dueMs);
        TimerService t = timer();
        t.runOnce();
        assertThat(t.inMemoryCount()).as("two days ahead is not in memory").isZero();
        t.close();

        t = timer();
        t.runOnce();
        assertThat(t.pendingCount()).isEqualTo(1);
        clock.advanceMs(dueMs - T0 - 1);
        runUntilIdle(t);
        assertThat(delivered()).isEmpty();
        clock.advanceMs(1);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("far");
        t.close();

        t = timer();
        clock.advanceMs(10_000);
        runUntilIdle(t);
        assertThat(t.pendingCount()).isZero();
        assertThat(bodies()).as("not fired again after a restart").containsExactly("far");
    }

    @Test
    void stoppedItFiresNothingAndStartedAgainItFiresWhatCameDue() throws Exception {
        TimerService t = timer();
        t.start();
        t.stop(); // a master that became a slave: the thread is gone once stop returns
        put("parked-as-slave", T0 + 2_000);
        clock.advanceMs(3_000);
        assertThat(delivered()).isEmpty();
        t.start(); // master again: the first pass enqueues and fires what is due
        // the timer thread gives no signal to wait on
        Await.holdsWithin(Duration.ofSeconds(10), () -> !bodies().isEmpty());
        assertThat(bodies()).containsExactly("parked-as-slave");
        t.stop();
        t.start(); // a second switch works the same way and fires nothing twice
        t.stop();
        assertThat(bodies()).containsExactly("parked-as-slave");
    }

    @Test
    void timersDueWhileStoppedFireOnceRightAfterStart() throws Exception {
        TimerService t = timer();
        for (int i = 1; i <= 5; i++) {
            put("m" + i, T0 + i * 2_000L);
        }
        t.runOnce();
        clock.advanceMs(2_000);
        t.runOnce();
        assertThat(bodies()).containsExactly("m1");
        t.close();

        clock.advanceMs(60_000); // down for a minute: m2..m5 fall due
        t = timer();
        t.runOnce();
        assertThat(bodies()).containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5");
        t.close();

        t = timer();
        clock.advanceMs(5_000);
        runUntilIdle(t);
        assertThat(bodies()).hasSize(5);
    }

    @Test
    void aLostTimerLogIsRebuiltFromTheTimerTopic() throws Exception {
        put("early", T0 + 1_000);
        put("late", T0 + 10_000);
        TimerService t = timer();
        t.runOnce();
        clock.advanceMs(1_000);
        t.runOnce();
        assertThat(bodies()).containsExactly("early");
        t.close();
        timer = null;
        deleteTree(dir.resolve("timerlog"));

        t = timer();
        t.runOnce();
        assertThat(t.pendingCount())
                .as("only the timer not yet fired comes back")
                .isEqualTo(1);
        clock.advanceMs(9_000);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("early", "late");
    }

    @Test
    void aChangedSlotWidthLosesNoTimer() throws Exception {
        put("a", T0 + 1_000);
        put("b", T0 + 9_500);
        put("c", T0 + 30_000);
        TimerService t = timer();
        t.runOnce();
        clock.advanceMs(9_000); // a fired; b's 1 s slot (T0 + 10 s) has not
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a");
        t.close();

        t = timer(100, 10_000, 1_000_000, 3_600);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a");
        clock.advanceMs(499);
        runUntilIdle(t);
        assertThat(bodies()).as("b is due at T0 + 9.5 s, not before").containsExactly("a");
        clock.advanceMs(1);
        runUntilIdle(t);
        assertThat(bodies()).as("in 100 ms slots b fires at its own time").containsExactly("a", "b");
        clock.advanceMs(20_499);
        runUntilIdle(t);
        assertThat(bodies()).hasSize(2);
        clock.advanceMs(1);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a", "b", "c");
    }

    @Test
    void aLostCheckpointFiresWhatIsDueAtOnceAndLosesNothing() throws Exception {
        put("a", T0 + 1_000);
        put("b", T0 + 5_000);
        TimerService t = timer();
        t.runOnce();
        t.close();
        timer = null;
        Files.delete(dir.resolve("timercheck"));

        clock.advanceMs(3_000);
        t = timer();
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a");
        clock.advanceMs(2_000);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a", "b");
    }

    @Test
    void memoryStaysBoundedAndEveryTimerFiresOnceNotEarly() throws Exception {
        Random random = new Random(7);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            append("m" + i, T0 + 100 + random.nextInt(50_000));
        }
        assertThat(store.awaitDispatched(10_000)).isTrue();
        int bound = 1_000;
        TimerService t = timer(100, 60_000, bound, 3_600);
        long maxInMemory = 0;
        for (int step = 0; step <= 520; step++) {
            runUntilIdle(t);
            maxInMemory = Math.max(maxInMemory, t.inMemoryCount());
            clock.advanceMs(100);
        }
        assertThat(maxInMemory).isLessThanOrEqualTo(bound + 50);
        List<StoredMessage> out = readAll(TOPIC, 2);
        assertThat(out).hasSize(n);
        Map<String, Integer> seen = new HashMap<>();
        for (StoredMessage m : out) {
            long due = Long.parseLong(m.property("TIMER_OUT_MS"));
            assertThat(m.storeTimestampMs()).isGreaterThanOrEqualTo(due).isLessThan(due + 200);
            seen.merge(new String(m.body(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertThat(seen).hasSize(n).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    @Test
    void slotsSharingACellOfASmallWheelFireEachAtItsOwnTime() throws Exception {
        // 100 ms slots, 1 s window, 1 s longest delay: 22 cells, so 5.0 s, 7.2 s and 9.4 s share a cell
        put("a", T0 + 9_400);
        put("b", T0 + 5_000);
        put("c", T0 + 7_200);
        put("d", T0 + 5_000);
        TimerService t = timer(100, 1_000, 1_000, 1);
        List<String> order = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
            runUntilIdle(t);
            for (StoredMessage m : readAll(TOPIC, 2)) {
                String body = new String(m.body(), StandardCharsets.UTF_8);
                if (!order.contains(body)) {
                    order.add(body);
                    assertThat(m.storeTimestampMs()).isEqualTo(Long.parseLong(m.property("TIMER_OUT_MS")));
                }
            }
            clock.advanceMs(100);
        }
        assertThat(order).hasSize(4).endsWith("c", "a");
        assertThat(readAll(TOPIC, 2)).hasSize(4);
    }

    @Test
    void aBurstInOneSlotFiresWholeOnceInQueueOrderWhileStillBeingTakenIn() throws Exception {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            append(Integer.toString(i), T0 + 1_500, i % 4);
        }
        assertThat(store.awaitDispatched(30_000)).isTrue();
        TimerService t = timer();
        t.runOnce(); // takes in the first 4,096 only
        assertThat(t.enqueuedCount()).isLessThan(n);
        clock.advanceMs(2_000); // the slot is due while the rest still waits to be taken in
        runUntilIdle(t);
        assertThat(t.deliveredCount()).isEqualTo(n);
        assertThat(t.pendingCount()).isZero();
        assertEachOnceInQueueOrder(n, T0 + 2_000);
    }

    @Test
    void aBurstTakenInAfterItsTimeFiresWholeOnce() throws Exception {
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            append(Integer.toString(i), T0 + 1_000, i % 4);
        }
        assertThat(store.awaitDispatched(30_000)).isTrue();
        clock.advanceMs(5_000); // the timer starts after the burst's time: every one is overdue
        TimerService t = timer();
        runUntilIdle(t);
        assertThat(t.deliveredCount()).isEqualTo(n);
        assertEachOnceInQueueOrder(n, T0 + 5_000);
        t.close();
        timer = null;
        t = timer();
        clock.advanceMs(5_000);
        runUntilIdle(t);
        assertThat(t.deliveredCount()).as("nothing fires again after a restart").isZero();
    }

    @Test
    void aTakeoverDoesNotFireAgainWhatTheOldMasterDeliveredAfterItsLastCheckpoint() throws Exception {
        put("a", T0 + 1_000);
        put("b", T0 + 1_000);
        put("c", T0 + 5_000);
        TimerService t = timer();
        t.runOnce(); // takes all three in and writes a checkpoint: nothing fired yet
        byte[] copiedCheckpoint = Files.readAllBytes(dir.resolve("timercheck"));
        clock.advanceMs(1_000);
        t.runOnce();
        assertThat(bodies()).containsExactly("a", "b");
        t.close();
        timer = null;
        // the slave's view: the checkpoint it copied before a and b fired, and no timer log
        Files.write(dir.resolve("timercheck"), copiedCheckpoint);
        deleteTree(dir.resolve("timerlog"));

        clock.advanceMs(500);
        t = timer();
        runUntilIdle(t);
        assertThat(t.foundDeliveredAtTakeover()).isEqualTo(2);
        assertThat(bodies()).as("a and b are not fired again").containsExactly("a", "b");
        assertThat(t.pendingCount()).isEqualTo(1);
        clock.advanceMs(3_500);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("a", "b", "c");
    }

    @Test
    void aCrashWhileABurstFiresDeliversEveryTimerAtLeastOnce() throws Exception {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            append(Integer.toString(i), T0 + 1_000, i % 4);
        }
        assertThat(store.awaitDispatched(30_000)).isTrue();
        TimerService t = timer();
        runUntilIdle(t);
        clock.advanceMs(1_000);
        t.runOnce(); // one pass fires part of the slot and writes a checkpoint; then the broker dies
        long firedBeforeCrash = t.deliveredCount();
        assertThat(firedBeforeCrash).isPositive().isLessThan(n);
        timer = null; // no close: nothing more is written (the timer log stays as it was)

        clock.advanceMs(2_000);
        TimerService again = timer();
        runUntilIdle(again);
        Map<String, Integer> seen = new HashMap<>();
        for (int q = 0; q < 4; q++) {
            for (StoredMessage m : readAll(TOPIC, q)) {
                seen.merge(new String(m.body(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        assertThat(seen).as("every timer at least once").hasSize(n);
        long twice = seen.values().stream().filter(v -> v > 1).count();
        assertThat(twice).as("only what fired before the crash goes twice").isLessThanOrEqualTo(firedBeforeCrash);
        assertThat(seen.values()).allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(2));
        t.close();
    }

    @Test
    void aStoreRefusingWhileASlotFiresLosesNothingAndTriesAgain() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            append(Integer.toString(i), T0 + 1_000, i % 4);
        }
        assertThat(store.awaitDispatched(30_000)).isTrue();
        TimerService t = timer();
        runUntilIdle(t);
        appender.refuseAll(true);
        clock.advanceMs(1_000);
        runUntilIdle(t);
        assertThat(t.deliveredCount()).isZero();
        assertThat(t.pendingCount()).as("the slot is not marked fired").isEqualTo(1_000);
        appender.refuseAll(false);
        clock.advanceMs(TimerService.REFUSED_RETRY_MS);
        runUntilIdle(t);
        assertThat(t.deliveredCount()).isEqualTo(1_000);
        assertEachOnceInQueueOrder(1_000, T0 + 2_000);
    }

    @Test
    void aSlavePromotedWhileRunningStartsFromTheCheckpointItCopiedAfterOpening() throws Exception {
        put("fired-by-master", T0 + 1_000);
        put("pending", T0 + 5_000);
        TimerService t = timer(); // opened as a slave's, at broker start: no checkpoint yet
        clock.advanceMs(2_000);
        // the master fired the first, and its checkpoint is copied while this timer does not run
        assertThat(t.adoptMasterCheckpoint(TimerCheckpointWire.encode(new TimerCheckpoint(2, T0 + 2_000, 1_000))))
                .isTrue();
        runUntilIdle(t); // promoted: the first pass
        assertThat(bodies())
                .as("what the copy shows as fired is not fired again")
                .isEmpty();
        assertThat(t.pendingCount()).isEqualTo(1);
        clock.advanceMs(3_000);
        runUntilIdle(t);
        assertThat(bodies()).containsExactly("pending");
    }

    private void assertEachOnceInQueueOrder(int n, long storedAtMs) {
        int total = 0;
        for (int q = 0; q < 4; q++) {
            int last = -1;
            for (StoredMessage m : readAll(TOPIC, q)) {
                int i = Integer.parseInt(new String(m.body(), StandardCharsets.UTF_8));
                assertThat(i % 4).isEqualTo(q);
                assertThat(i)
                        .as("queue %d keeps the order the timers were sent in", q)
                        .isGreaterThan(last);
                assertThat(m.storeTimestampMs()).isEqualTo(storedAtMs);
                last = i;
                total++;
            }
        }
        assertThat(total).as("each timer stored once").isEqualTo(n);
    }

    private void runUntilIdle(TimerService t) {
        for (int i = 0; i < 1_000 && t.runOnce() > 0; i++) {
            // bounded: each pass does a bounded amount of work
        }
    }

    private void put(String body, long deliverMs) {
        append(body, deliverMs);
        assertThat(store.awaitDispatched(5_000)).isTrue();
    }

    private void append(String body, long deliverMs) {
        append(body, deliverMs, 2);
    }

    private void append(String body, long deliverMs, int queueId) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("TAGS", "tag");
        props.put("KEYS", "key-" + body);
        props.put("UNIQ_KEY", "uniq-" + body);
        props.put("TIMER_DELIVER_MS", Long.toString(deliverMs));
        MessageToStore m = new MessageToStore(
                TOPIC,
                queueId,
                5,
                body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props),
                0,
                42L,
                new HostAddress(new byte[] {10, 0, 0, 9}, 777),
                0,
                0);
        assertThat(appender.append(m).join().isStored()).isTrue();
    }

    private List<StoredMessage> delivered() {
        assertThat(store.awaitDispatched(5_000)).isTrue();
        return readAll(TOPIC, 2);
    }

    private List<String> bodies() {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : delivered()) {
            out.add(new String(m.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<StoredMessage> readAll(String topic, int queueId) {
        assertThat(store.awaitDispatched(5_000)).isTrue();
        List<StoredMessage> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            try (GetResult r = store.getMessages(topic, queueId, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
