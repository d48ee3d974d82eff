package dev.skiff.store;

import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.common.ManualClock;
import dev.skiff.common.SkiffClock;
import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.recovery.RecoveryProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A crash recovery over several segments logs its progress: bytes, percent, records, rate. */
class RecoveryProgressTest {
    @TempDir
    Path dir;

    /** Wall time stands still; monotonic time moves 6 s per reading, so every check is past the interval. */
    private static final class TickingClock implements SkiffClock {
        private final ManualClock wall = Fixtures.clock();
        private long ns;

        @Override
        public long nowMs() {
            return wall.nowMs();
        }

        @Override
        public synchronized long monotonicNs() {
            ns += 6_000_000_000L;
            return ns;
        }
    }

    @Test
    void crashRecoveryOfSeveralSegmentsLogsProgress() throws IOException {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        int n = 1500;
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            for (int i = 0; i < n; i++) {
                put(s, msg("T", i % 2, "body-" + i + "-" + "x".repeat(100), "tag", "key" + i));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
        }
        long segments;
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            segments = files.count();
        }
        assertThat(segments).isGreaterThanOrEqualTo(3);
        Files.write(dir.resolve("abort"), new byte[0]); // a crash
        Files.deleteIfExists(dir.resolve("checkpoint")); // scan everything

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(RecoveryProgress.class);
        logs.start();
        logger.addAppender(logs);
        try (DefaultMessageStore s = new DefaultMessageStore(cfg, new TickingClock(), () -> 0.1, r -> {})) {
            var result = s.start();
            assertThat(result.recordsScanned()).isEqualTo(n);
            assertThat(s.maxOffsetInQueue("T", 0) + s.maxOffsetInQueue("T", 1)).isEqualTo(n);
        } finally {
            logger.detachAppender(logs);
        }
        List<String> lines =
                logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo((int) segments);
        assertThat(lines)
                .allMatch(
                        l -> l.matches(
                                "recovery: scanned [0-9.]+ MiB of at most [0-9.]+ MiB \\([0-9]+%\\), [0-9]+ records, [0-9.]+ MiB/s, about .* left"));
        List<Long> records = lines.stream()
                .map(l -> Long.parseLong(l.replaceAll(".*\\), ([0-9]+) records.*", "$1")))
                .toList();
        assertThat(records).isSorted();
        assertThat(records.get(records.size() - 1)).isGreaterThan(n / 2).isLessThanOrEqualTo(n);
    }
}
