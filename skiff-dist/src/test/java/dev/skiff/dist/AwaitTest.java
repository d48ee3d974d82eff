package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
    void staysTrueFailsWhenTheConditionBreaks() {
        // the window itself is tested with the shared helper (remoting's AwaitTest); this checks the delegation
        AtomicInteger checks = new AtomicInteger();
        assertThatThrownBy(() -> Await.staysTrue(
                        "no late duplicate", Duration.ofSeconds(20), () -> checks.incrementAndGet() < 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no late duplicate")
                .hasMessageContaining("broken after");
        assertThat(checks.get()).isEqualTo(3);
    }

    @Test
    void aCheckedExceptionOfTheCheckEndsEitherWaitAsThrown() {
        IOException gone = new IOException("the child exited");
        assertThatThrownBy(() -> Await.until(Duration.ofSeconds(20), () -> {
                    throw gone;
                }))
                .isSameAs(gone);
        assertThatThrownBy(() -> Await.staysTrue("quiet", Duration.ofSeconds(20), () -> {
                    throw gone;
                }))
                .isSameAs(gone);
    }
}
