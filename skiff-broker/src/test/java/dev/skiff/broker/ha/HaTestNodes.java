package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.ReplicaLog;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The stores and replication ends of one HA test, on real files under the test's folder and real
 * loopback sockets: what {@link HaReplicationTest} and {@link HaTlsTest} build their masters and
 * slaves from. {@link #close()} closes everything it started, newest first.
 */
final class HaTestNodes {
    /** Commit-log segment size of the stores: small, so a test's log spans several segments. */
    static final int SEGMENT = 256 * 1024;

    static final SkiffClock CLOCK = SkiffClock.system();

    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    HaTestNodes(Path dir) {
        this.dir = dir;
    }

    /** A started store in {@code dir/name} with {@link #SEGMENT}-byte segments. */
    DefaultMessageStore store(String name) {
        return store(name, SEGMENT);
    }

    DefaultMessageStore store(String name, int segmentBytes) {
        StoreConfig cfg = StoreConfig.builder(dir.resolve(name))
                .commitLogSegmentBytes(segmentBytes)
                .preTouchSegments(false)
                .build();
        DefaultMessageStore s = new DefaultMessageStore(cfg, CLOCK, () -> 0.1, ArrivalListener.NONE);
        s.start();
        open.add(s);
        return s;
    }

    /**
     * Broker keys for a replication end on 127.0.0.1: fast heartbeats (200 ms), 3 s housekeeping,
     * then {@code kv} as key, value, key, value...
     */
    static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("haSendHeartbeatInterval", "200");
        p.setProperty("haHousekeepingInterval", "3000");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    static BrokerConfig config(String... kv) {
        return BrokerConfig.fromProperties(props(kv));
    }

    /** Starts replication of {@code store} as {@code config} says, on 127.0.0.1. */
    Replication start(BrokerConfig config, DefaultMessageStore store) throws IOException {
        return closeLater(Replication.start(config, "127.0.0.1", store.replicaLog(), CLOCK));
    }

    /** Closes {@code resource} with the rest; returns it. */
    <T extends AutoCloseable> T closeLater(T resource) {
        open.add(resource);
        return resource;
    }

    /** A message to topic T, queue {@code i % 4}, from 127.0.0.1, with {@code body}. */
    static MessageToStore message(int i, byte[] body) {
        return new MessageToStore(
                "T", i % 4, 0, body, "", 0, 1_700_000_000_000L, new HostAddress(new byte[] {127, 0, 0, 1}, 1), 0, 0);
    }

    /** Waits (bounded) until {@code log} reaches {@code offset}; true when it ends exactly there. */
    static boolean awaitOffset(ReplicaLog log, long offset, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (log.maxOffset() < offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            log.awaitGrowth(log.maxOffset(), Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return log.maxOffset() == offset;
    }

    /** The commit-log folders {@code a} and {@code b} hold the same bytes up to {@code end}. */
    static void assertSameLog(Path a, Path b, long end) throws IOException {
        List<Path> segments;
        try (Stream<Path> l = Files.list(a)) {
            segments = l.sorted().toList();
        }
        for (Path seg : segments) {
            long start = Long.parseLong(seg.getFileName().toString());
            if (start >= end) {
                continue;
            }
            int len = (int) Math.min(SEGMENT, end - start);
            byte[] x = Arrays.copyOf(Files.readAllBytes(seg), len);
            byte[] y = Arrays.copyOf(Files.readAllBytes(b.resolve(seg.getFileName())), len);
            assertThat(y).as("segment %s", seg.getFileName()).isEqualTo(x);
        }
    }

    /** Closes all it started, newest first (called after each test). */
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
