package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.schedule.ScheduleTagsCode;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not part of the suite: one million timers with delays of a minute to three days
 * are parked and taken into the timer; prints the time each step took and the heap the timer holds.
 * Run with {@code -Dskiff.timerMeasure=true -Dtest=TimerMillionMeasure}.
 */
@EnabledIfSystemProperty(named = "skiff.timerMeasure", matches = "true")
class TimerMillionMeasure {
    private static final long T0 = 1_700_000_000_000L;
    private static final int N = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void oneMillionPendingTimers() throws Exception {
        ManualClock clock = new ManualClock(T0);
        StoreConfig cfg = StoreConfig.builder(dir.resolve("store"))
                .commitLogSegmentBytes(512 << 20)
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
            Random random = new Random(1);
            byte[] body = new byte[64];
            long parkStartNs = System.nanoTime();
            for (int i = 0; i < N; i++) {
                Map<String, String> props = new LinkedHashMap<>();
                props.put("UNIQ_KEY", "id-" + i);
                props.put("TIMER_DELAY_MS", Long.toString(60_000 + (long) random.nextInt(3 * 86_400_000 - 60_000)));
                MessageToStore m = new MessageToStore(
                        "Bench",
                        i & 3,
                        0,
                        body,
                        MessageProperties.encode(props),
                        0,
                        T0,
                        new HostAddress(new byte[4], 1),
                        0,
                        0);
                appender.append(m);
            }
            assertThat(store.awaitDispatched(120_000)).isTrue();
            long parkMs = (System.nanoTime() - parkStartNs) / 1_000_000;

            long heapBefore = usedHeap();
            TimerService timer = TimerService.open(
                    new TimerSettings(dir, 1_000, 3 * 86_400, 60_000, 1_000_000, TimerSettings.SEGMENT_BYTES_DEFAULT),
                    store,
                    appender,
                    clock);
            long acceptStartNs = System.nanoTime();
            while (timer.enqueuedCount() < N) {
                timer.runOnce();
            }
            long acceptMs = (System.nanoTime() - acceptStartNs) / 1_000_000;
            timer.runOnce();
            long heapAfter = usedHeap();
            long logBytes;
            try (Stream<Path> files = Files.list(dir.resolve("timerlog"))) {
                logBytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf(
                    "MEASURE timers=%d park(commit log)=%d ms accept(timer log)=%d ms (%.0f/s) heap held by the timer=%.1f MiB"
                            + " in memory=%d pending=%d timer log on disk=%.1f MiB%n",
                    N,
                    parkMs,
                    acceptMs,
                    N * 1000.0 / Math.max(1, acceptMs),
                    (heapAfter - heapBefore) / 1048576.0,
                    timer.inMemoryCount(),
                    timer.pendingCount(),
                    logBytes / 1048576.0);
            assertThat(timer.pendingCount()).isEqualTo(N);
            long restartStartNs = System.nanoTime();
            timer.close();
            timer = TimerService.open(
                    new TimerSettings(dir, 1_000, 3 * 86_400, 60_000, 1_000_000, TimerSettings.SEGMENT_BYTES_DEFAULT),
                    store,
                    appender,
                    clock);
            System.out.printf(
                    "MEASURE restart (close + rebuild of the slot index from the log)=%d ms%n",
                    (System.nanoTime() - restartStartNs) / 1_000_000);
            timer.runOnce();
            assertThat(timer.pendingCount()).isEqualTo(N);
            timer.close();
        } finally {
            store.close();
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
