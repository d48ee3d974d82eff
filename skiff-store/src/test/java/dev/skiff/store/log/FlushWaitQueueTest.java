package dev.skiff.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.FlushListener;
import dev.skiff.store.PutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class FlushWaitQueueTest {

    /** Records every answer it gets, in order. */
    private static final class Recorder implements FlushListener {
        final List<String> answers = new ArrayList<>();
        final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void flushed(PutStatus status) {
            answers.add(name + "=" + status);
        }
    }

    @Test
    void refusesBeyondCapacityAndReusesSlotsAfterTheyAreAnswered() {
        FlushWaitQueue q = new FlushWaitQueue(3); // 4 slots, 3 usable
        List<String> log = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                String name = round + "." + i;
                assertThat(q.offer(100 * round + i, 0, s -> log.add(name + "=" + s)))
                        .isTrue();
            }
            assertThat(q.offer(1, 0, s -> log.add("overflow"))).isFalse();
            assertThat(q.isEmpty()).isFalse();
            assertThat(q.answer(q.claimed(), Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(3);
            assertThat(q.isEmpty()).isTrue();
        }
        assertThat(log).hasSize(15).doesNotContain("overflow");
        assertThat(log.subList(12, 15)).containsExactly("4.0=PUT_OK", "4.1=PUT_OK", "4.2=PUT_OK");
    }

    @Test
    void answersInClaimOrderUpToTheLimitWithTimeoutsForUncoveredOrLateWaiters() {
        FlushWaitQueue q = new FlushWaitQueue(16);
        Recorder r = new Recorder("w");
        Recorder covered = new Recorder("covered");
        Recorder beyondForce = new Recorder("beyond");
        Recorder late = new Recorder("late");
        Recorder afterLimit = new Recorder("after");
        q.offer(100, 1_000, covered);
        q.offer(500, 1_000, beyondForce);
        q.offer(50, 10, late);
        long limit = q.claimed();
        q.offer(60, 1_000, afterLimit);

        assertThat(q.answer(limit, 200, 500)).isEqualTo(3);
        assertThat(covered.answers).containsExactly("covered=PUT_OK");
        assertThat(beyondForce.answers).containsExactly("beyond=FLUSH_DISK_TIMEOUT");
        assertThat(late.answers).containsExactly("late=FLUSH_DISK_TIMEOUT");
        assertThat(afterLimit.answers).isEmpty();

        // with no deadline (closing), a covered waiter is PUT_OK however old it is
        q.offer(70, 0, r);
        assertThat(q.answer(q.claimed(), 200, Long.MIN_VALUE)).isEqualTo(2);
        assertThat(afterLimit.answers).containsExactly("after=PUT_OK");
        assertThat(r.answers).containsExactly("w=PUT_OK");
    }

    @Test
    void aListenerThatQueuesAndAnswersFromTheFlushThreadIsNotAnsweredTwice() {
        FlushWaitQueue q = new FlushWaitQueue(8);
        Recorder inner = new Recorder("inner");
        Recorder second = new Recorder("second");
        List<String> outer = new ArrayList<>();
        q.offer(10, 0, s -> {
            outer.add("outer=" + s);
            // as a late writer on a closing store does: queue, then answer everything itself
            q.offer(20, 0, inner);
            q.answer(q.claimed(), 100, Long.MIN_VALUE);
        });
        q.offer(15, 0, second);

        q.answer(q.claimed(), 100, Long.MIN_VALUE);

        assertThat(outer).containsExactly("outer=PUT_OK");
        assertThat(second.answers).containsExactly("second=PUT_OK");
        assertThat(inner.answers).containsExactly("inner=PUT_OK");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void concurrentWritersThroughASmallRingAreEachAnsweredExactlyOnce() throws Exception {
        int writers = 8;
        int perWriter = 20_000;
        FlushWaitQueue q = new FlushWaitQueue(64);
        AtomicIntegerArray answered = new AtomicIntegerArray(writers * perWriter);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread answerer = Thread.ofPlatform().start(() -> {
            while (writing.get() || !q.isEmpty()) {
                if (q.answer(q.claimed(), Long.MAX_VALUE, Long.MIN_VALUE) == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        List<Thread> ts = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int base = w * perWriter;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perWriter; i++) {
                    int id = base + i;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!q.offer(id, 0, s -> answered.incrementAndGet(id))) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("ring stayed full for 30 s");
                        }
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        writing.set(false);
        answerer.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(answerer.isAlive()).isFalse();
        for (int i = 0; i < answered.length(); i++) {
            assertThat(answered.get(i)).as("waiter %d", i).isEqualTo(1);
        }
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void capacityIsBounded() {
        assertThatThrownBy(() -> new FlushWaitQueue(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlushWaitQueue((1 << 24) + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
