package dev.skiff.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentRunnerTest {
    @Test
    void runsWorkHandedToItCountsErrorsAndClosesOnItsOwnThread() throws Exception {
        BlockingQueue<Integer> inbox = new ArrayBlockingQueue<>(100);
        AtomicInteger sum = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        String[] closedOn = new String[1];
        Agent agent = new Agent() {
            @Override
            public int doWork() {
                Integer n = inbox.poll();
                if (n == null) {
                    return 0;
                }
                if (n < 0) {
                    throw new IllegalArgumentException("negative");
                }
                sum.addAndGet(n);
                return 1;
            }

            @Override
            public void onClose() {
                closedOn[0] = Thread.currentThread().getName();
                closed.countDown();
            }

            @Override
            public String roleName() {
                return "summer";
            }
        };
        AgentRunner runner = AgentRunner.start(agent, IdleStrategy.backoff(10, 10, 5_000_000), SkiffClock.system());
        try {
            for (int i = 1; i <= 10; i++) {
                inbox.add(i);
                inbox.add(-i);
                runner.wake();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((sum.get() < 55 || runner.errors() < 10) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sum.get()).isEqualTo(55);
            assertThat(runner.errors()).isEqualTo(10);
            assertThat(runner.isRunning()).isTrue();
        } finally {
            runner.close();
        }
        assertThat(closed.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(closedOn[0]).isEqualTo("summer");
        assertThat(runner.isRunning()).isFalse();
    }
}
