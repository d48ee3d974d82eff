package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.StoredMessage;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing child JVM with SIGKILL at random moments and checks every acknowledged record. */
class CrashTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    record Ack(int queue, long offset, long phy, int crc, int size) {}

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Random rnd = new Random(20240601);
        Map<String, Ack> acked = new HashMap<>();
        // a bound on a loaded machine, not a speed goal: 20 rounds take about 30 s when idle
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
        int rounds = 0;
        int abnormal = 0;
        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
            List<Ack> acks = runAndKill(rnd.nextInt(400));
            for (Ack a : acks) {
                acked.put(a.queue() + "/" + a.offset(), a);
            }
            if (verify(acked, acks)) {
                abnormal++;
            }
            rounds++;
        }
        assertThat(rounds).isGreaterThanOrEqualTo(ROUNDS);
        assertThat(abnormal).isEqualTo(rounds);
        assertThat(acked.size()).isGreaterThan(ROUNDS);
    }

    private List<Ack> runAndKill(int killAfterMs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line = r.readLine();
            assertThat(line).as("child did not start").isEqualTo("READY");
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMs);
            while (System.nanoTime() < killAt && (line = r.readLine()) != null) {
                acks.add(parse(line));
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // pipe, losing acknowledgements the child printed just before it died.
            p.toHandle().destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ACK ") && line.split(" ").length == 6) {
                    acks.add(parse(line));
                }
            }
        } finally {
            p.destroyForcibly();
        }
        return acks;
    }

    private static Ack parse(String line) {
        String[] f = line.split(" ");
        return new Ack(
                Integer.parseInt(f[1]),
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]));
    }

    /** Reopens the store (recovery after the kill) and checks records; returns whether it was abnormal. */
    private boolean verify(Map<String, Ack> all, List<Ack> lastRound) {
        StoreConfig cfg = CrashWriter.config(dir);
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, r -> {})) {
            RecoveryResult rr = s.start();
            for (Ack a : all.values()) {
                try (GetResult g =
                        s.getMessages(CrashWriter.TOPIC, a.queue(), a.offset(), 1, 1 << 20, MessageFilter.ALL)) {
                    assertThat(g.status()).as("%s after %s", a, rr).isEqualTo(GetStatus.FOUND);
                    StoredMessage m = Fixtures.decode(g.records().get(0));
                    assertThat(m.physicalOffset()).isEqualTo(a.phy());
                    assertThat(m.storeSize()).isEqualTo(a.size());
                    assertThat(m.bodyCrc()).isEqualTo(a.crc());
                    assertThat(m.body()).isEqualTo(CrashWriter.body(a.queue(), a.offset()));
                    assertThat(m.queueOffset()).isEqualTo(a.offset());
                }
            }
            for (int q = 0; q < CrashWriter.QUEUES; q++) {
                long max = s.maxOffsetInQueue(CrashWriter.TOPIC, q);
                try (GetResult g = s.getMessages(CrashWriter.TOPIC, q, 0, (int) max, 64 << 20, MessageFilter.ALL)) {
                    assertThat(g.records()).as("queue %d is dense", q).hasSize((int) max);
                }
            }
            for (Ack a : lastRound) {
                try (RecordLease l = s.queryMessages(
                        CrashWriter.TOPIC, CrashWriter.key(a.queue(), a.offset()), 4, 0, Long.MAX_VALUE)) {
                    assertThat(l.count()).as("index has %s", a).isEqualTo(1);
                    assertThat(l.records().get(0).physicalOffset()).isEqualTo(a.phy());
                }
            }
            return rr.abnormal();
        }
    }
}
