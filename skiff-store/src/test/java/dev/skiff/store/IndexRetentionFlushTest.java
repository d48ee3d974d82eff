package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRetentionFlushTest {
    @TempDir
    Path dir;

    private static int hourOf(long ms) {
        return Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).getHour();
    }

    private long fileCount(String sub) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            return s.count();
        }
    }

    @Test
    void queriesByKeyAndUniqueIdWithinTimeRangeAcrossIndexFiles() throws Exception {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir).indexEntryCount(50).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            List<PutResult> puts = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String props = "KEYS\u0001order-" + (i % 10) + " k" + i + "\u0002UNIQ_KEY\u0001U" + i + "\u0002";
                puts.add(put(s, msg("T", 0, ("m" + i).getBytes(), props)));
                put(s, msg("Other", 0, ("o" + i).getBytes(), props));
                clock.advanceMs(1000);
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(fileCount("index")).as("bounded files roll").isGreaterThan(3);
            long t0 = Fixtures.T0;
            try (RecordLease l = s.queryMessages("T", "order-3", 100, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(12);
                assertThat(l.records()).allMatch(r -> Fixtures.decode(r).topic().equals("T"));
                assertThat(l.records().get(0).physicalOffset())
                        .isEqualTo(puts.get(113).physicalOffset());
            }
            try (RecordLease l = s.queryMessages("T", "order-3", 3, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(3);
            }
            try (RecordLease l = s.queryMessages("T", "order-3", 100, t0 + 20_000, t0 + 50_000)) {
                assertThat(l.records())
                        .extracting(r -> new String(Fixtures.decode(r).body()))
                        .containsExactlyInAnyOrder("m23", "m33", "m43");
            }
            try (RecordLease l = s.queryMessages("T", "U77", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
                assertThat(Fixtures.decode(l.records().get(0)).property(MessageProperties.UNIQ_KEY))
                        .isEqualTo("U77");
            }
            try (RecordLease l = s.queryMessages("T", "k5", 10, 0, Long.MAX_VALUE)) {
                assertThat(l.count()).isEqualTo(1);
            }
            assertThat(s.queryMessages("T", "nope", 10, 0, Long.MAX_VALUE).count())
                    .isZero();
        }
    }

    @Test
    void retentionWaitsForReadersBeforeUnmapping() throws Exception {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .fileReservedMs(60_000)
                .deleteHourOfDay(hourOf(Fixtures.T0 + 120_000))
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            byte[] body = new byte[3000];
            for (int i = 0; i < 60; i++) {
                put(s, msg("T", 0, body, "KEYS\u0001key" + i + "\u0002"));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            long segments = s.commitLogMaxOffset() / (64 * 1024) + 1;
            assertThat(segments).isGreaterThanOrEqualTo(3);
            GetResult held = s.getMessages("T", 0, 0, 1, 1 << 20, MessageFilter.ALL);
            ByteBuffer view = held.records().get(0).buffer();
            byte first = view.get(0);

            clock.advanceMs(30_000);
            assertThat(s.runRetention().segmentsDeleted()).as("not expired yet").isZero();
            clock.advanceMs(90_000);
            var report = s.runRetention();
            assertThat(report.segmentsDeleted()).isEqualTo((int) segments - 1);
            assertThat(s.commitLogMinOffset()).isPositive();
            assertThat(s.minOffsetInQueue("T", 0)).isPositive();
            // the deleted segment is still mapped for the reader that holds it
            assertThat(dir.resolve("commitlog/00000000000000000000")).exists();
            assertThat(view.get(0)).isEqualTo(first);
            held.close();
            // the flush thread may still be forcing that segment (it holds a reference too)
            Path firstSegment = dir.resolve("commitlog/00000000000000000000");
            Await.until(
                    "the deleted segment's file to go once its last holder let go",
                    Duration.ofSeconds(5),
                    () -> !Files.exists(firstSegment));
            assertThatThrownBy(() -> view.get(0)).isInstanceOf(IllegalStateException.class);
            // index entries of deleted records are not returned
            assertThat(s.queryMessages("T", "key0", 10, 0, Long.MAX_VALUE).count())
                    .isZero();
        }
    }

    @Test
    void writesAreRefusedAboveTheDiskThresholdAndFullDiskForcesDeletion() throws Exception {
        ManualClock clock = Fixtures.clock();
        AtomicReference<Double> used = new AtomicReference<>(0.5);
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .deleteHourOfDay((hourOf(Fixtures.T0) + 12) % 24)
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock, used::get, r -> {})) {
            for (int i = 0; i < 60; i++) {
                put(s, msg("T", 0, new byte[3000], ""));
            }
            assertThat(s.runRetention().segmentsDeleted()).isZero();
            used.set(0.95);
            var report = s.runRetention();
            assertThat(report.segmentsDeleted()).as("forced clean above 85 %").isPositive();
            assertThat(s.putMessage(msg("T", 0, new byte[10], "")).join().status())
                    .isEqualTo(PutStatus.DISK_FULL);
            used.set(0.80);
            s.runRetention();
            assertThat(s.putMessage(msg("T", 0, new byte[10], "")).join().status())
                    .isEqualTo(PutStatus.PUT_OK);
        }
    }

    @Test
    void syncFlushSharesForcesBetweenConcurrentWriters() throws Exception {
        try (DefaultMessageStore s = openSyncStore()) {
            int threads = 16;
            int perThread = 100;
            List<Thread> ts = new ArrayList<>();
            List<CompletableFuture<PutResult>> all = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int q = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<PutResult> f = s.putMessage(msg("T", q, new byte[100], ""));
                        all.add(f);
                        f.join();
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(all).hasSize(threads * perThread);
            assertThat(all).allMatch(f -> f.join().status() == PutStatus.PUT_OK);
            long flushed = s.commitLogMaxOffset();
            assertThat(flushed).isPositive();
        }
    }

    @Test
    void reusableFlushWaitsAreToldOncePerAppendUnderSyncFlush() throws Exception {
        try (DefaultMessageStore s = openSyncStore()) {
            int threads = 8;
            int perThread = 200;
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger told = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int q = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    PutReceipt receipt = new PutReceipt();
                    FlushWait wait = new FlushWait();
                    MessageToStore m = msg("T", q, new byte[100], "");
                    for (int i = 0; i < perThread; i++) {
                        if (s.append(m, receipt) != PutStatus.PUT_OK) {
                            wrong.add("append " + q + "/" + i);
                            return;
                        }
                        FlushWait armed = wait.arm();
                        s.whenFlushed(receipt.endOffset(), st -> {
                            told.incrementAndGet();
                            armed.flushed(st);
                        });
                        PutStatus st = wait.await();
                        if (st != PutStatus.PUT_OK) {
                            wrong.add(q + "/" + i + "=" + st);
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(wrong).isEmpty();
            assertThat(told.get()).isEqualTo(threads * perThread);
            assertThat(s.awaitDispatched(10_000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(perThread);
        }
    }

    @Test
    void asyncFlushAndAFullWaitQueueAnswerTheListenerAtOnceOnTheCallersThread() {
        ManualClock clock = Fixtures.clock();
        StoreConfig async = Fixtures.smallConfig(dir.resolve("async")).build();
        try (DefaultMessageStore s = Fixtures.open(async, clock)) {
            PutReceipt receipt = new PutReceipt();
            assertThat(s.append(msg("T", 0, new byte[10], ""), receipt)).isEqualTo(PutStatus.PUT_OK);
            List<String> told = new ArrayList<>();
            s.whenFlushed(
                    receipt.endOffset(), st -> told.add(Thread.currentThread().getName() + "=" + st));
            assertThat(told).containsExactly(Thread.currentThread().getName() + "=PUT_OK");
        }
        StoreConfig sync = Fixtures.smallConfig(dir.resolve("sync"))
                .flushMode(StoreConfig.FlushMode.SYNC)
                .syncFlushPendingMax(1)
                .build();
        try (DefaultMessageStore s = Fixtures.open(sync, clock)) {
            // hold the flush thread inside a listener: nothing is forced until it is released
            Thread caller = Thread.currentThread();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            PutReceipt receipt = new PutReceipt();
            for (int i = 0; i < 1_000 && held.getCount() > 0; i++) {
                assertThat(s.append(msg("T", 0, new byte[100], ""), receipt)).isEqualTo(PutStatus.PUT_OK);
                s.whenFlushed(receipt.endOffset(), st -> {
                    if (Thread.currentThread() != caller && held.getCount() > 0) {
                        held.countDown();
                        awaitQuietly(release);
                    }
                });
                awaitQuietly(held, 5);
            }
            assertThat(held.getCount()).isZero();
            try {
                // one waiter fits (syncFlushPendingMax 1); the next is told at once, on this thread
                FlushWait queued = new FlushWait().arm();
                assertThat(s.append(msg("T", 0, new byte[100], ""), receipt)).isEqualTo(PutStatus.PUT_OK);
                s.whenFlushed(receipt.endOffset(), queued);
                List<String> refused = new ArrayList<>();
                assertThat(s.append(msg("T", 0, new byte[100], ""), receipt)).isEqualTo(PutStatus.PUT_OK);
                s.whenFlushed(receipt.endOffset(), st -> refused.add((Thread.currentThread() == caller) + "=" + st));
                assertThat(refused).containsExactly("true=FLUSH_DISK_TIMEOUT");
                release.countDown();
                assertThat(queued.await()).isEqualTo(PutStatus.PUT_OK);
            } finally {
                release.countDown();
            }
            // the refused writer's record is stored all the same
            assertThat(s.awaitDispatched(10_000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0)).isGreaterThanOrEqualTo(3);
        }
    }

    /** A store with sync flush and 4 MiB segments. */
    private DefaultMessageStore openSyncStore() {
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .commitLogSegmentBytes(4 << 20)
                .flushMode(StoreConfig.FlushMode.SYNC)
                .build();
        return Fixtures.open(cfg, Fixtures.clock());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        awaitQuietly(latch, 10_000);
    }

    private static void awaitQuietly(CountDownLatch latch, long ms) {
        try {
            latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void syncFlushTimesOutWhenTheDeviceIsTooSlow() {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .flushMode(StoreConfig.FlushMode.SYNC)
                .syncFlushPendingMax(1)
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            // a full wait queue answers at once with FLUSH_DISK_TIMEOUT; the record is still stored
            List<CompletableFuture<PutResult>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                fs.add(s.putMessage(msg("T", 0, new byte[100], "")));
            }
            List<PutStatus> statuses =
                    fs.stream().map(f -> f.join().status()).distinct().toList();
            assertThat(statuses).contains(PutStatus.PUT_OK);
            assertThat(fs).allMatch(f -> f.join().isStored());
        }
    }
}
