package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.FaultyFileOps.Fault;
import dev.skiff.store.StoreConfig.CommitLogWrites;
import dev.skiff.store.StoreConfig.FlushMode;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.TagsCodeFunction;
import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.file.FileOps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail-stop after a failed write or force of the commit log, through the real store and its real
 * files, with the faults injected at the {@link FileOps} seam: for every flush mode and write path
 * a fault can reach, a sync writer is never told PUT_OK for bytes the device did not confirm (also
 * when the device "recovers" and a later force would succeed), the store refuses writes from then
 * on, and a restart recovers what was confirmed.
 */
@Timeout(60)
class StoreFailStopTest {
    /** Far above how long the tests allow: an answer well before it was not a timeout. */
    private static final long SYNC_FLUSH_TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault f : Fault.values()) {
            cases.add(Arguments.of(FlushMode.SYNC, CommitLogWrites.STAGED, f));
            cases.add(Arguments.of(FlushMode.SYNC, CommitLogWrites.CHANNEL, f));
            cases.add(Arguments.of(FlushMode.ASYNC, CommitLogWrites.CHANNEL, f));
            if (f.hitsForces()) { // a copy through the mapping meets the device only at the force
                cases.add(Arguments.of(FlushMode.SYNC, CommitLogWrites.MAPPED, f));
                cases.add(Arguments.of(FlushMode.ASYNC, CommitLogWrites.MAPPED, f));
            }
        }
        return cases.stream();
    }

    private StoreConfig config(FlushMode mode, CommitLogWrites writes) {
        return Fixtures.smallConfig(dir)
                .flushMode(mode)
                .commitLogWrites(writes)
                .syncFlushTimeoutMs(SYNC_FLUSH_TIMEOUT_MS)
                .build();
    }

    private static DefaultMessageStore open(StoreConfig config, FileOps ops) {
        DefaultMessageStore s = new DefaultMessageStore(
                config, SkiffClock.system(), () -> 0.1, ArrivalListener.NONE, TagsCodeFunction.TAG_HASH, ops);
        s.start();
        return s;
    }

    private static PutResult put(DefaultMessageStore s, String body) throws Exception {
        return s.putMessage(msg("T", 0, body, null, null)).get(10, TimeUnit.SECONDS);
    }

    /** The latch is set right after the injected failure is thrown; this waits out that gap. */
    private static void awaitUnhealthy(DefaultMessageStore s, FaultyFileOps ops) throws InterruptedException {
        assertThat(ops.failed.await(10, TimeUnit.SECONDS)).as("fault injected").isTrue();
        Await.holdsWithin(Duration.ofSeconds(5), () -> !s.health().isHealthy());
        assertThat(s.health().isHealthy()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("faults")
    void aFailedWriteOrForceStopsTheStoreAndARestartRecovers(FlushMode mode, CommitLogWrites writes, Fault fault)
            throws Exception {
        StoreConfig cfg = config(mode, writes);
        FaultyFileOps ops = new FaultyFileOps();
        try (DefaultMessageStore s = open(cfg, ops)) {
            for (int i = 0; i < 5; i++) {
                assertThat(put(s, "confirmed-" + i).status()).isEqualTo(PutStatus.PUT_OK);
            }
            ops.arm(fault, 1); // fails once; the next force would succeed

            long startNs = System.nanoTime();
            PutResult during = put(s, "during");
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            boolean failsInAppend = writes == CommitLogWrites.CHANNEL && fault.hitsWrites();
            if (mode == FlushMode.SYNC || failsInAppend) {
                assertThat(during.status()).isEqualTo(PutStatus.STORE_FAILED);
                assertThat(answeredMs).as("answered at once").isLessThan(SYNC_FLUSH_TIMEOUT_MS / 3);
            } else {
                assertThat(during.status()).isEqualTo(PutStatus.PUT_OK); // async: acknowledged before the flush
            }
            awaitUnhealthy(s, ops);

            assertThat(put(s, "after").status()).isEqualTo(PutStatus.STORE_FAILED);
            assertThat(put(s, "after again").status()).isEqualTo(PutStatus.STORE_FAILED);
            StoreHealth health = s.health();
            assertThat(health.failure()).containsAnyOf("Input/output error", "No space left on device", "short write");
            assertThat(health.failureCount()).isEqualTo(1);
            assertThat(health.refusedAppends()).isGreaterThanOrEqualTo(2);
            if (mode == FlushMode.SYNC && !failsInAppend) {
                assertThat(health.failedWaiters()).isEqualTo(1);
            }
            assertThat(ops.injected.get()).isEqualTo(1);
        }
        assertThat(Files.exists(cfg.abortFile()))
                .as("abort marker kept for recovery")
                .isTrue();

        try (DefaultMessageStore s = open(cfg, FileOps.SYSTEM)) {
            assertThat(s.health().isHealthy()).isTrue();
            assertThat(s.awaitDispatched(5_000)).isTrue();
            List<String> bodies = bodies(s);
            assertThat(bodies.subList(0, 5))
                    .containsExactly("confirmed-0", "confirmed-1", "confirmed-2", "confirmed-3", "confirmed-4");
            assertThat(bodies).doesNotContain("after", "after again");
            assertThat(put(s, "after restart").status()).isEqualTo(PutStatus.PUT_OK);
        }
    }

    @Test
    void aSlaveWhoseDiskFailedTakesNoMoreReplicatedBytes() throws Exception {
        FaultyFileOps slaveOps = new FaultyFileOps();
        try (DefaultMessageStore master = open(config(FlushMode.ASYNC, CommitLogWrites.MAPPED), FileOps.SYSTEM);
                DefaultMessageStore slave = openSlave(CommitLogWrites.CHANNEL, slaveOps)) {
            java.nio.ByteBuffer bytes = threeMessagesOf(master);
            slaveOps.arm(Fault.WRITE_FAILS, 1); // the disk fails once, then "recovers"
            assertThat(put(slave, "trips the slave's store").isStored()).isFalse();
            awaitUnhealthy(slave, slaveOps);
            assertThatThrownByAnything(() -> slave.replicaLog().appendReplicated(0, bytes));
            assertThat(slave.replicaLog().maxOffset()).isZero();
            assertThat(slave.health().isHealthy()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(
            value = CommitLogWrites.class,
            names = {"CHANNEL", "STAGED"})
    void aReplicatedWriteTheDeviceRefusesFailsTheSlavesLog(CommitLogWrites writes) throws Exception {
        FaultyFileOps slaveOps = new FaultyFileOps();
        try (DefaultMessageStore master = open(config(FlushMode.ASYNC, CommitLogWrites.MAPPED), FileOps.SYSTEM);
                DefaultMessageStore slave = openSlave(writes, slaveOps)) {
            java.nio.ByteBuffer bytes = threeMessagesOf(master);
            slaveOps.arm(Fault.WRITE_FAILS, 1); // the replicated write itself meets the failing disk

            assertThatThrownByAnything(() -> slave.replicaLog().appendReplicated(0, bytes.duplicate()));
            assertThat(slaveOps.injected.get()).isEqualTo(1);
            assertThat(slave.health().isHealthy()).isFalse();
            assertThat(slave.health().failure()).contains("Input/output error");
            assertThat(slave.replicaLog().maxOffset()).isZero();
            // the disk "recovered", the log did not: it takes nothing more
            assertThatThrownByAnything(() -> slave.replicaLog().appendReplicated(0, bytes.duplicate()));
            assertThat(slave.replicaLog().maxOffset()).isZero();
        }
    }

    private DefaultMessageStore openSlave(CommitLogWrites writes, FileOps ops) {
        return open(
                Fixtures.smallConfig(dir.resolve("slave"))
                        .flushMode(FlushMode.SYNC)
                        .commitLogWrites(writes)
                        .build(),
                ops);
    }

    /** Three messages stored on {@code master}, and its log's bytes as a slave would receive them. */
    private static java.nio.ByteBuffer threeMessagesOf(DefaultMessageStore master) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(put(master, "m-" + i).status()).isEqualTo(PutStatus.PUT_OK);
        }
        long end = master.commitLogMaxOffset();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) end);
        assertThat(master.replicaLog().read(0, bytes)).isEqualTo((int) end);
        return bytes.flip();
    }

    private static void assertThatThrownByAnything(Runnable r) {
        org.assertj.core.api.Assertions.assertThatThrownBy(r::run).isInstanceOf(RuntimeException.class);
    }

    @Test
    void everySyncWriterWaitingOnADeviceThatKeepsFailingIsAnsweredAtOnce() throws Exception {
        FaultyFileOps ops = new FaultyFileOps();
        try (DefaultMessageStore s = open(config(FlushMode.SYNC, CommitLogWrites.STAGED), ops)) {
            assertThat(put(s, "before").status()).isEqualTo(PutStatus.PUT_OK);
            ops.arm(Fault.FORCE_FAILS, Integer.MAX_VALUE);
            int writers = 8;
            int each = 50;
            List<CompletableFuture<PutResult>> all = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            long startNs = System.nanoTime();
            for (int t = 0; t < writers; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        all.add(s.putMessage(msg("T", 1, "w" + i, null, null)));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertThat(answeredMs).isLessThan(SYNC_FLUSH_TIMEOUT_MS / 3);
            assertThat(all).hasSize(writers * each);
            assertThat(all).allMatch(f -> f.join().status() == PutStatus.STORE_FAILED);
            long waited = s.health().failedWaiters();
            long refused = s.health().refusedAppends();
            assertThat(waited + refused).isEqualTo(writers * each);
            assertThat(waited).isPositive();
            assertThat(s.health().failureCount()).isEqualTo(1); // no force was tried again
        }
    }

    private static List<String> bodies(DefaultMessageStore s) {
        List<String> out = new ArrayList<>();
        try (GetResult g = s.getMessages("T", 0, 0, 100, 1 << 20, MessageFilter.ALL)) {
            for (SelectedRecord r : g.records()) {
                out.add(new String(Fixtures.decode(r).body(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
