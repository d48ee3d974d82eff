package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.schedule.ScheduleTagsCode;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement of the delivery path, not part of the suite: 10,000 timers parked for one instant
 * (256-byte bodies, 8 real queues), the timer thread running on the system clock; prints how long
 * after their slot the due copies were stored (store timestamp minus slot start, p50 / p99 / max)
 * under async and sync flush, {@code skiff.timerBurstRounds} rounds (5) each on a new store, and
 * the time reading and copying the parked records takes alone. Run with {@code -Dskiff.timerMeasure=true
 * -Dtest=TimerBurstMeasure}.
 */
@EnabledIfSystemProperty(named = "skiff.timerMeasure", matches = "true")
class TimerBurstMeasure {
    private static final int N = Integer.getInteger("skiff.timerBurst", 10_000);
    private static final String TOPIC = "Burst";
    private static final int QUEUES = 8;

    @TempDir
    Path dir;

    private static final int ROUNDS = Integer.getInteger("skiff.timerBurstRounds", 5);

    @Test
    void asyncFlush() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            measure(StoreConfig.FlushMode.ASYNC, dir.resolve("async-" + i));
        }
    }

    @Test
    void syncFlush() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            measure(StoreConfig.FlushMode.SYNC, dir.resolve("sync-" + i));
        }
    }

    private void measure(StoreConfig.FlushMode flush, Path root) throws Exception {
        SkiffClock clock = SkiffClock.system();
        StoreConfig cfg = StoreConfig.builder(root.resolve("store"))
                .commitLogSegmentBytes(256 << 20)
                .flushMode(flush)
                .preTouchSegments(false)
                .indexEnabled(false)
                .build();
        DefaultMessageStore store = new DefaultMessageStore(
                cfg, clock, () -> 0.1, ArrivalListener.NONE, new TimerTagsCode(new ScheduleTagsCode(new long[] {1_000
                })));
        store.start();
        try {
            MessageAppender appender = new MessageAppender(store);
            appender.addRewriter(new TimerRewriter(true, 3 * 86_400, clock));
            long dueMs = (clock.nowMs() / 1_000 + 8) * 1_000;
            long[] parkedAt = park(appender, dueMs);
            assertThat(store.awaitDispatched(60_000)).isTrue();
            assertThat(store.maxOffsetInQueue(SystemTopics.TIMER_TOPIC, 0))
                    .as("every timer parked before its time (a send after it is stored at once, not parked)")
                    .isEqualTo(N);
            TimerService timer = TimerService.open(
                    new TimerSettings(root, 1_000, 3 * 86_400, 60_000, 1_000_000, TimerSettings.SEGMENT_BYTES_DEFAULT),
                    store,
                    appender,
                    clock);
            timer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (timer.deliveredCount() < N && System.nanoTime() < deadline) {
                Thread.sleep(5); // a measurement: the poll interval is far below the figures printed
            }
            long doneMs = clock.nowMs();
            String state = "delivered " + timer.deliveredCount() + ", enqueued " + timer.enqueuedCount()
                    + ", pending " + timer.pendingCount() + ", in memory " + timer.inMemoryCount() + ", "
                    + timer.runtimeFigures();
            timer.close();
            assertThat(timer.deliveredCount()).as(state).isEqualTo(N);
            assertThat(store.awaitDispatched(60_000)).isTrue();
            long[] late = lateness(store, dueMs);
            Arrays.sort(late);
            System.out.printf(
                    "MEASURE burst flush=%s timers=%d parked in %d ms; stored after the slot: p50 %d ms p99 %d ms max %d ms;"
                            + " all delivered %d ms after the slot%n",
                    flush,
                    N,
                    parkedAt[0],
                    late[late.length / 2],
                    late[(int) (late.length * 0.99)],
                    late[late.length - 1],
                    doneMs - dueMs);
            parts(store, clock);
        } finally {
            store.close();
        }
    }

    private long[] park(MessageAppender appender, long dueMs) {
        long t0 = System.nanoTime();
        byte[] body = new byte[256];
        for (int i = 0; i < N; i++) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("UNIQ_KEY", "id-" + i);
            props.put("KEYS", "k" + i);
            props.put("TIMER_DELIVER_MS", Long.toString(dueMs));
            MessageToStore m = new MessageToStore(
                    TOPIC,
                    i % QUEUES,
                    0,
                    body,
                    MessageProperties.encode(props),
                    0,
                    dueMs,
                    new HostAddress(new byte[] {127, 0, 0, 1}, 1),
                    0,
                    0);
            appender.append(m);
        }
        return new long[] {(System.nanoTime() - t0) / 1_000_000};
    }

    private static long[] lateness(DefaultMessageStore store, long dueMs) {
        long[] late = new long[N];
        int n = 0;
        for (int q = 0; q < QUEUES; q++) {
            long offset = 0;
            while (true) {
                try (GetResult r = store.getMessages(TOPIC, q, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
                    if (r.records().isEmpty()) {
                        break;
                    }
                    for (SelectedRecord rec : r.records()) {
                        StoredMessage m = StoredRecordDecoder.decode(
                                rec.buffer(), rec.buffer().position());
                        late[n++] = m.storeTimestampMs() - dueMs;
                        offset = rec.queueOffset() + 1;
                    }
                }
            }
        }
        assertThat(n).isEqualTo(N);
        return late;
    }

    /** Times reading and copying the parked records alone (they are still in the log). */
    private static void parts(DefaultMessageStore store, SkiffClock clock) {
        long[] offsets = new long[N];
        int n = 0;
        long offset = 0;
        while (n < N) {
            try (GetResult r =
                    store.getMessages(SystemTopics.TIMER_TOPIC, 0, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
                for (SelectedRecord rec : r.records()) {
                    offsets[n++] = rec.physicalOffset();
                    offset = rec.queueOffset() + 1;
                }
            }
        }
        long t0 = System.nanoTime();
        int copies = 0;
        for (long o : offsets) {
            try (dev.skiff.store.RecordLease lease = store.lookMessageByOffset(o)) {
                SelectedRecord r = lease.records().get(0);
                StoredMessage parked =
                        StoredRecordDecoder.decode(r.buffer(), r.buffer().position());
                copies += TimerMessages.dueCopy(parked, clock.nowMs()) != null ? 1 : 0;
            }
        }
        System.out.printf(
                "MEASURE parts: read+decode+copy of %d parked records alone %d ms%n",
                copies, (System.nanoTime() - t0) / 1_000_000);
    }
}
