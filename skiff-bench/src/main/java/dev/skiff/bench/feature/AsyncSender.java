package dev.skiff.bench.feature;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Sends units {@code 0 .. count-1} (one message or one batch each, made by a function of the
 * index) with async sends, at most {@code inFlight} unanswered. A unit that fails (a busy broker
 * answers SYSTEM_BUSY; a status other than SEND_OK) is sent again in the next round, up to
 * {@link #ROUNDS_MAX} rounds, as a client would; sending stops at a deadline. Reports the units
 * stored, the sends that failed, and the time to the last answer.
 */
final class AsyncSender {
    static final int ROUNDS_MAX = 5;
    private static final long ANSWER_TIMEOUT_S = 30;

    /**
     * What was sent.
     *
     * @param stored units stored
     * @param failedSends sends that failed (a unit may fail more than once)
     * @param seconds from the first send to the last answer
     * @param cutShort whether the deadline stopped sending before every unit was stored
     */
    record Result(long stored, long failedSends, double seconds, boolean cutShort) {
        double perSecond() {
            return seconds <= 0 ? 0 : stored / seconds;
        }
    }

    private AsyncSender() {}

    static Result send(
            DefaultMQProducer producer,
            int count,
            IntFunction<List<Message>> unit,
            int inFlight,
            long maxMs,
            PrintStream out,
            String label)
            throws InterruptedException {
        AtomicLong stored = new AtomicLong();
        AtomicLong failedSends = new AtomicLong();
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.MILLISECONDS.toNanos(maxMs);
        List<Integer> todo = null; // null = every index
        boolean cutShort = false;
        for (int round = 1; round <= ROUNDS_MAX && (todo == null || !todo.isEmpty()); round++) {
            ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
            int n = todo == null ? count : todo.size();
            Semaphore permits = new Semaphore(inFlight);
            long lastReport = System.nanoTime();
            for (int k = 0; k < n; k++) {
                if (System.nanoTime() - stopAt > 0) {
                    cutShort = true;
                    break;
                }
                int index = todo == null ? k : todo.get(k);
                if (!permits.tryAcquire(ANSWER_TIMEOUT_S, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(label + ": no send answered for " + ANSWER_TIMEOUT_S + " s");
                }
                sendOne(producer, unit.apply(index), index, stored, failedSends, failed, permits);
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = System.nanoTime();
                    out.printf(
                            "[%s] round %d: %,d stored, %,d failed sends after %.0f s%n",
                            label, round, stored.get(), failedSends.get(), (lastReport - start) / 1e9);
                }
            }
            if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                out.printf("[%s] %d sends unanswered after 60 s%n", label, inFlight - permits.availablePermits());
            }
            if (cutShort) {
                break;
            }
            todo = new ArrayList<>(failed);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Result r = new Result(stored.get(), failedSends.get(), seconds, cutShort || (todo != null && !todo.isEmpty()));
        out.printf(
                "[%s] %,d stored (%,d failed sends%s) in %.1f s = %,.0f/s%n",
                label, r.stored(), r.failedSends(), r.cutShort() ? ", CUT SHORT" : "", seconds, r.perSecond());
        return r;
    }

    private static void sendOne(
            DefaultMQProducer producer,
            List<Message> messages,
            int index,
            AtomicLong stored,
            AtomicLong failedSends,
            ConcurrentLinkedQueue<Integer> failed,
            Semaphore permits) {
        AtomicInteger once = new AtomicInteger();
        SendCallback callback = new SendCallback() {
            @Override
            public void onSuccess(SendResult r) {
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    if (once.getAndIncrement() == 0) {
                        stored.incrementAndGet();
                        permits.release();
                    }
                } else {
                    onException(new IllegalStateException("send status " + r.getSendStatus()));
                }
            }

            @Override
            public void onException(Throwable e) {
                if (once.getAndIncrement() == 0) {
                    failedSends.incrementAndGet();
                    failed.add(index);
                    permits.release();
                }
            }
        };
        try {
            if (messages.size() == 1) {
                producer.send(messages.getFirst(), callback);
            } else {
                producer.send(messages, callback);
            }
        } catch (Exception e) {
            callback.onException(e);
        }
    }
}
