package dev.skiff.broker.ha;

import static dev.skiff.broker.ha.HaTestNodes.CLOCK;
import static dev.skiff.broker.ha.HaTestNodes.SEGMENT;
import static dev.skiff.broker.ha.HaTestNodes.assertSameLog;
import static dev.skiff.broker.ha.HaTestNodes.awaitOffset;
import static dev.skiff.broker.ha.HaTestNodes.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Master and slave replication over real loopback sockets, stores on real files, one JVM. */
@Timeout(60)
class HaReplicationTest {
    @TempDir
    Path dir;

    private HaTestNodes nodes;

    @BeforeEach
    void nodes() {
        nodes = new HaTestNodes(dir);
    }

    @AfterEach
    void closeAll() throws Exception {
        nodes.close();
    }

    private Replication master(DefaultMessageStore store) throws IOException {
        return nodes.start(config("brokerRole", "SYNC_MASTER"), store);
    }

    private Replication slave(DefaultMessageStore store, Replication master, int id) throws IOException {
        return nodes.start(
                config("brokerRole", "SLAVE", "brokerId", "" + id, "haMasterAddress", master.haServerAddr()), store);
    }

    private static MessageToStore msg(int i) {
        return HaTestNodes.message(i, ("message-" + i + "-" + "y".repeat(i % 700)).getBytes());
    }

    @Test
    void twoSlavesCopyTheLogByteForByteAndSyncSendsWaitForThem() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        DefaultMessageStore s2 = nodes.store("s2");
        Replication master = master(m);
        slave(s1, master, 1);
        slave(s2, master, 2);
        // an empty slave that reports after the master rolled starts at the master's last segment,
        // so both must have reported (and be in sync at offset 0) before the log grows
        awaitInSync(master, 2);
        for (int i = 0; i < 3_000; i++) {
            m.putMessage(msg(i)).join();
        }
        long end = m.commitLogMaxOffset();
        assertThat(end).isGreaterThan(2L * SEGMENT);
        assertThat(awaitOffset(s1.replicaLog(), end, 20_000)).isTrue();
        assertThat(awaitOffset(s2.replicaLog(), end, 20_000)).isTrue();
        assertSameLog(dir.resolve("m/commitlog"), dir.resolve("s1/commitlog"), end);
        assertSameLog(dir.resolve("m/commitlog"), dir.resolve("s2/commitlog"), end);
        assertThat(s1.awaitDispatched(10_000)).isTrue();
        assertThat(m.awaitDispatched(10_000)).isTrue();
        for (int q = 0; q < 4; q++) {
            assertThat(s1.maxOffsetInQueue("T", q)).isEqualTo(m.maxOffsetInQueue("T", q));
        }
        // the slaves report after every append: both soon in sync, each acked at the end
        awaitInSync(master, 2);
        assertThat(master.status()).allSatisfy(s -> {
            assertThat(s.ackedOffset()).isEqualTo(end);
            assertThat(s.lagBytes()).isZero();
        });
        PutResult stored = m.putMessage(msg(3_000)).join();
        PutResult replicated = master.replicaWait().apply(stored).get(10, TimeUnit.SECONDS);
        assertThat(replicated.status()).isEqualTo(PutStatus.PUT_OK);
        // one slave's ack is enough (inSyncReplicas=1), either of them
        assertThat(Math.max(s1.commitLogMaxOffset(), s2.commitLogMaxOffset()))
                .isGreaterThanOrEqualTo(stored.physicalOffset() + stored.wroteBytes());
    }

    private static void awaitInSync(Replication master, int slaves) throws InterruptedException {
        // no event to wait on from outside: the in-sync set is a rule over reports
        Await.holdsWithin(Duration.ofSeconds(20), () -> master.inSyncSlaves() >= slaves);
        assertThat(master.inSyncSlaves()).isEqualTo(slaves);
    }

    /** Sequential sync sends: the round trip through the slave bounds each one (printed, not asserted). */
    @Test
    void sequentialSyncSendsRoundTripThroughTheSlave() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        Replication master = master(m);
        slave(s1, master, 1);
        m.putMessage(msg(0)).join();
        assertThat(awaitOffset(s1.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();
        awaitInSync(master, 1);
        int n = 2_000;
        long t0 = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            PutResult r =
                    master.replicaWait().apply(m.putMessage(msg(i)).join()).get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
        }
        long us = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        System.out.printf("%d sequential sync-replicated appends: %d us each%n", n, us / n);
    }

    /**
     * Figures for the report, printed: sync-send throughput with one slave against the same store
     * without replication (4 threads), then the slave's lag in bytes and ms under a steady load.
     */
    @Test
    void figures() throws Exception {
        DefaultMessageStore alone = nodes.store("alone");
        double aloneRate = sendRate(alone, null, 8_000);
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        Replication master = master(m);
        slave(s1, master, 1);
        m.putMessage(msg(0)).join();
        assertThat(awaitOffset(s1.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();
        awaitInSync(master, 1);
        double syncRate = sendRate(m, master, 8_000);
        System.out.printf(
                "sync sends, 4 threads: %.0f/s with one slave, %.0f/s without replication%n", syncRate, aloneRate);
        // steady load of about 5,000 appends/s for 2 s; sample the lag every 10 ms
        long maxLagBytes = 0;
        long lagBytesSum = 0;
        int samples = 0;
        long maxLagUs = 0;
        long lagUsSum = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            PutResult r = m.putMessage(msg(i)).join();
            if (i % 50 == 0) {
                long end = r.physicalOffset() + r.wroteBytes();
                long sent = System.nanoTime();
                while (s1.commitLogMaxOffset() < end && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5)) {
                    s1.replicaLog().awaitGrowth(s1.commitLogMaxOffset(), TimeUnit.MILLISECONDS.toNanos(1));
                }
                long us = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
                maxLagUs = Math.max(maxLagUs, us);
                lagUsSum += us;
                long lag = master.status().get(0).lagBytes();
                maxLagBytes = Math.max(maxLagBytes, lag);
                lagBytesSum += lag;
                samples++;
            }
            long due = t0 + i * 200_000L; // 5,000/s
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
        System.out.printf(
                "steady 5,000 appends/s: lag until the slave holds a message avg %d us, max %d us; acked lag avg %d"
                        + " bytes, max %d bytes (%d samples)%n",
                lagUsSum / samples, maxLagUs, lagBytesSum / samples, maxLagBytes, samples);
        assertThat(samples).isPositive();
    }

    private static double sendRate(DefaultMessageStore store, Replication master, int n) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    PutResult r = store.putMessage(msg(i)).join();
                    if (master != null) {
                        r = master.replicaWait().apply(r).join();
                    }
                    if (r.status() != PutStatus.PUT_OK) {
                        throw new AssertionError(r.status());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        return n * 1e9 / (System.nanoTime() - t0);
    }

    @Test
    void withEveryMemberRequiredASendWaitsForTheSlowMemberOverRealSockets() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        DefaultMessageStore s2 = nodes.store("s2");
        AtomicReference<Set<AckRule.Member>> required = new AtomicReference<>(Set.of());
        Replication master = syncMasterWaitingFor(m, required);
        Replication one = slave(s1, master, 1);
        Replication two = slave(s2, master, 2);
        awaitInSync(master, 2);
        assertThat(one.haClientAddress()).isNotNull();
        assertThat(two.haClientAddress()).isNotNull();
        // the master names each slave by its side of the connection, as the slave reports it
        assertThat(master.status())
                .extracting(ReplicationStatus::slaveAddress)
                .containsExactlyInAnyOrder(one.haClientAddress(), two.haClientAddress());
        required.set(
                Set.of(new AckRule.Member(1, one.haClientAddress()), new AckRule.Member(2, two.haClientAddress())));
        PutResult first = m.putMessage(msg(1)).join();
        assertThat(master.replicaWait().apply(first).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(PutStatus.PUT_OK);
        assertThat(s1.commitLogMaxOffset()).isGreaterThanOrEqualTo(first.physicalOffset() + first.wroteBytes());
        assertThat(s2.commitLogMaxOffset()).isGreaterThanOrEqualTo(first.physicalOffset() + first.wroteBytes());

        two.close(); // a member goes away: one slave still has every send, but not every member
        PutResult second = m.putMessage(msg(2)).join();
        assertThat(master.replicaWait().apply(second).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
        assertThat(awaitOffset(s1.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();

        // the set without it: the remaining member suffices
        required.set(Set.of(new AckRule.Member(1, one.haClientAddress())));
        PutResult third = m.putMessage(msg(3)).join();
        assertThat(master.replicaWait().apply(third).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void controllerModeSlavesSayTheirIdAndAreMatchedByItWhateverTheirAddress() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        DefaultMessageStore s2 = nodes.store("s2");
        AtomicReference<Set<AckRule.Member>> required = new AtomicReference<>(Set.of());
        Replication master = syncMasterWaitingFor(m, required);
        Replication one = controllerModeSlave(s1, master, 7);
        Replication two = controllerModeSlave(s2, master, 8);
        awaitInSync(master, 2);
        assertThat(master.status()).extracting(ReplicationStatus::brokerId).containsExactlyInAnyOrder(7L, 8L);
        // addresses as a translating network would show them: wrong, so only the ids can match
        required.set(Set.of(new AckRule.Member(7, "192.0.2.1:1"), new AckRule.Member(8, "192.0.2.2:2")));
        PutResult first = m.putMessage(msg(1)).join();
        assertThat(master.replicaWait().apply(first).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(PutStatus.PUT_OK);
        // the hello is not an offset: both slaves copied from the start, byte for byte
        assertThat(awaitOffset(s1.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();
        assertThat(awaitOffset(s2.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();
        assertSameLog(dir.resolve("m/commitlog"), dir.resolve("s1/commitlog"), m.commitLogMaxOffset());

        two.close();
        PutResult second = m.putMessage(msg(2)).join();
        assertThat(master.replicaWait().apply(second).get(10, TimeUnit.SECONDS).status())
                .as("member 8 is gone")
                .isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
        assertThat(one.haClientAddress()).isNotNull();
    }

    /** A SYNC_MASTER whose sends wait for every member {@code required} names (1.5 s timeout). */
    private Replication syncMasterWaitingFor(DefaultMessageStore store, AtomicReference<Set<AckRule.Member>> required)
            throws IOException {
        return nodes.closeLater(Replication.start(
                config("brokerRole", "SYNC_MASTER", "syncFlushTimeout", "1500"),
                "127.0.0.1",
                store.replicaLog(),
                required::get,
                CLOCK));
    }

    private Replication controllerModeSlave(DefaultMessageStore store, Replication master, int id) throws IOException {
        return nodes.start(
                config(
                        "brokerRole",
                        "SLAVE",
                        "brokerId",
                        "" + id,
                        "enableControllerMode",
                        "true",
                        "controllerAddr",
                        "127.0.0.1:1",
                        "haMasterAddress",
                        master.haServerAddr()),
                store);
    }

    @Test
    void withoutItsSlaveASyncSendIsAnsweredSlaveNotAvailable() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        DefaultMessageStore s1 = nodes.store("s1");
        Replication master = master(m);
        Replication slave = slave(s1, master, 1);
        PutResult first = m.putMessage(msg(1)).join();
        assertThat(awaitOffset(s1.replicaLog(), m.commitLogMaxOffset(), 10_000)).isTrue();
        awaitInSync(master, 1);
        assertThat(master.replicaWait().apply(first).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(PutStatus.PUT_OK);
        slave.close();
        Await.holdsWithin(Duration.ofSeconds(10), () -> master.status().isEmpty());
        assertThat(master.status()).isEmpty();
        PutResult second = m.putMessage(msg(2)).join();
        PutResult answer = master.replicaWait().apply(second).get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(PutStatus.SLAVE_NOT_AVAILABLE);
        assertThat(answer.isStored()).isTrue();
    }

    @Test
    void aSlaveReportingBeyondTheMastersEndIsDisconnected() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        m.putMessage(msg(1)).join();
        Replication master = master(m);
        try (Socket s = connect(master)) {
            s.getOutputStream().write(TransferFrame.report(m.commitLogMaxOffset() + 1));
            assertThat(s.getInputStream().read()).isEqualTo(-1); // closed by the master
        }
    }

    @Test
    void aSlaveBehindTheOldestSegmentGetsHeartbeatsOnly() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        // a log that starts at segment 2: one blank marker filling it (as a slave copy would hold)
        ByteBuffer blank = ByteBuffer.allocate(SEGMENT);
        blank.putInt(0, SEGMENT).putInt(StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
        m.replicaLog().appendReplicated(2L * SEGMENT, blank);
        assertThat(m.commitLogMinOffset()).isEqualTo(2L * SEGMENT);
        Replication master = master(m);
        try (Socket s = connect(master)) {
            s.getOutputStream().write(TransferFrame.report(100));
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 2; i++) {
                assertThat(in.readLong()).isEqualTo(100);
                assertThat(in.readInt()).isZero(); // a heartbeat, never data
            }
            assertThat(master.status()).singleElement().satisfies(st -> {
                assertThat(st.ackedOffset()).isEqualTo(100);
                assertThat(st.inSync()).isFalse();
            });
        }
    }

    @Test
    void anEmptySlaveStartsAtTheMastersLastSegment() throws Exception {
        DefaultMessageStore m = nodes.store("m");
        for (int i = 0; i < 1_500; i++) {
            m.putMessage(msg(i)).join();
        }
        long end = m.commitLogMaxOffset();
        Replication master = master(m);
        try (Socket s = connect(master)) {
            s.getOutputStream().write(TransferFrame.report(0));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(in.readLong()).isEqualTo(end - end % SEGMENT);
        }
    }

    private static Socket connect(Replication master) throws IOException {
        String[] hp = master.haServerAddr().split(":");
        Socket s = new Socket();
        s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 3_000);
        s.setSoTimeout(10_000);
        return s;
    }
}
