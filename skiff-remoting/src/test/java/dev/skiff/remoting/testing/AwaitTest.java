package dev.skiff.remoting.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared bounded wait: it returns when the condition holds and fails when it never does. */
@Timeout(30)
class AwaitTest {
    @Test
    void returnsOnceAnotherThreadMakesTheConditionHold() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread setter = new Thread(() -> done.set(true));
        setter.start();
        Duration took = Await.until("the flag", Duration.ofSeconds(20), done::get);
        setter.join(5_000);
        assertThat(done).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void failsNamingWhatItAwaitedWhenTheConditionNeverHolds() {
        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the impossible")
                .hasMessageContaining("50 ms");
    }

    @Test
    void holdsWithinChecksOnceMoreAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        AtomicInteger checks = new AtomicInteger();
        assertThat(Await.holdsWithin(Duration.ofMillis(100), () -> checks.incrementAndGet() < 0))
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(checks.get()).isGreaterThan(2);
    }

    @Test
    void answerTreatsExceptionsAsNotYetAndReturnsTheFirstGoodAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int got = Await.answer(
                "the third call",
                Duration.ofSeconds(20),
                () -> {
                    int n = calls.incrementAndGet();
                    if (n < 3) {
                        throw new IOException("not yet " + n);
                    }
                    return n;
                },
                n -> n >= 3);
        assertThat(got).isEqualTo(3);
    }

    @Test
    void answerNamesTheLastAnswerOnTimeout() {
        assertThatThrownBy(() -> Await.answer("seven", Duration.ofMillis(50), () -> 6, n -> n == 7))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seven")
                .hasMessageContaining("last: 6");
    }

    @Test
    void staysTrueWatchesTheWholeWindowOfAConditionThatHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        Duration watched = Await.staysTrue("nothing", Duration.ofMillis(200), () -> checks.incrementAndGet() > 0);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(watched).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(checks.get()).isGreaterThan(5);
    }

    @Test
    void staysTrueFailsAtTheFirstCheckThatSeesTheConditionTurnFalse() {
        // true for the first nine checks (about 80 ms), then false: it breaks mid-window
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() ->
                        Await.staysTrue("no redelivery", Duration.ofSeconds(20), () -> checks.incrementAndGet() < 10))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no redelivery")
                .hasMessageContaining("20000 ms window")
                .hasMessageContaining("broken after");
        assertThat(checks.get()).isEqualTo(10);
        // it failed when the condition broke, long before the window's end
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void staysTrueFailsAtOnceOnAConditionFalseFromTheStart() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.staysTrue("quiet", Duration.ofSeconds(20), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("broken after 0 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
