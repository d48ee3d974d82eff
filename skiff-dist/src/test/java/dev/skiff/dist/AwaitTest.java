package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The process tests' bounded waits: woken by a file's writes, or checking with growing pauses. */
@Timeout(60)
class AwaitTest {
    @TempDir
    Path dir;

    @Test
    void aFileWaitSeesALineWrittenByAnotherThread() throws Exception {
        Path out = dir.resolve("child.out");
        Files.writeString(out, "starting\n");
        CountDownLatch firstCheck = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                assertThat(firstCheck.await(20, TimeUnit.SECONDS)).isTrue();
                Files.writeString(out, "READY\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        boolean shown = Await.fileShows(out, Duration.ofSeconds(20), () -> {
            firstCheck.countDown();
            return Files.readString(out).contains("READY");
        });
        writer.join(20_000);
        assertThat(shown).isTrue();
    }

    @Test
    void aFileWaitSeesAFileCreatedLater() throws Exception {
        Path flag = dir.resolve("stop");
        Thread.ofPlatform().start(() -> {
            try {
                Files.writeString(flag, "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(Await.fileShows(flag, Duration.ofSeconds(20), () -> Files.exists(flag)))
                .isTrue();
    }

    @Test
    void aFileWaitThatNeverHoldsReturnsFalseAtItsLimit() throws Exception {
        Path out = dir.resolve("quiet.out");
        long start = System.nanoTime();
        assertThat(Await.fileShows(out, Duration.ofMillis(300), () -> Files.exists(out)))
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void untilChecksAgainUntilTheConditionHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertThat(Await.until(Duration.ofSeconds(20), () -> checks.incrementAndGet() == 5))
                .isTrue();
        assertThat(checks.get()).isEqualTo(5);
        assertThat(Await.until(Duration.ofMillis(50), () -> false)).isFalse();
    }

    @Test
    void staysTrueWatchesTheWholeWindowOfAConditionThatHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        Duration watched = Await.staysTrue("quiet", Duration.ofMillis(200), () -> checks.incrementAndGet() > 0);
        assertThat(watched).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(checks.get()).isGreaterThan(5);
    }

    @Test
    void staysTrueFailsAtTheFirstCheckThatSeesTheConditionTurnFalse() {
        // true for the first nine checks, then false: it breaks mid-window, long before its end
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.staysTrue(
                        "no late duplicate", Duration.ofSeconds(20), () -> checks.incrementAndGet() < 10))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no late duplicate")
                .hasMessageContaining("20000 ms window")
                .hasMessageContaining("broken after");
        assertThat(checks.get()).isEqualTo(10);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void staysTrueFailsAtOnceOnAConditionFalseFromTheStart() {
        assertThatThrownBy(() -> Await.staysTrue("quiet", Duration.ofSeconds(20), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("broken after 0 ms");
    }
}
