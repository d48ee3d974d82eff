package dev.skiff.dist;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * A producer running through a failover: one thread sends {@code prefix0, prefix1, ...} with the
 * official client (sync, no client retry, 1 s route refresh) and records every key answered
 * SEND_OK with its offset message id, and the time and broker port of the latest SEND_OK. Failed
 * sends are counted and retried after {@value #PAUSE_AFTER_FAILURE_MS} ms. An {@link Outcomes}
 * listener may be told of every send.
 */
final class FailoverLoad implements AutoCloseable {
    static final long PAUSE_AFTER_FAILURE_MS = 50;

    /** Told of every send's outcome, on the sending thread. */
    interface Outcomes {
        /**
         * {@code status} is the SendStatus name or {@code ERROR} ({@code error} then says why);
         * {@code offsetMsgId} is null without a result; times are {@link System#nanoTime}.
         */
        void sent(String key, long startNanos, long endNanos, String status, String offsetMsgId, Exception error);
    }

    private final DefaultMQProducer producer;
    private final String topic;
    private final String prefix;
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final Map<Integer, AtomicLong> oksByPort = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long lastOkNanos; // guarded by lock
    private int lastOkPort; // guarded by lock
    private volatile boolean running = true;
    private volatile long begunNanos;
    private volatile long haltedNanos;
    private final Thread thread;
    private final Outcomes outcomes;

    FailoverLoad(String namesrv, String topic, String prefix) throws Exception {
        this(namesrv, topic, prefix, (key, start, end, status, id, error) -> {});
    }

    FailoverLoad(String namesrv, String topic, String prefix, Outcomes outcomes) throws Exception {
        this.topic = topic;
        this.outcomes = outcomes;
        this.prefix = prefix;
        producer = new DefaultMQProducer("pg-" + prefix);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(prefix + "-" + System.nanoTime());
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setPollNameServerInterval(1_000);
        producer.start();
        thread = new Thread(this::run, "failover-load-" + prefix);
        thread.setDaemon(true);
    }

    DefaultMQProducer producer() {
        return producer;
    }

    FailoverLoad begin() {
        begunNanos = System.nanoTime();
        thread.start();
        return this;
    }

    private void run() {
        for (long i = 0; running; i++) {
            String key = prefix + i;
            long start = System.nanoTime();
            try {
                SendResult r = producer.send(new Message(topic, "tag", key, ControllerFailoverProcessTest.body(key)));
                outcomes.sent(key, start, System.nanoTime(), r.getSendStatus().name(), r.getOffsetMsgId(), null);
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    acked.put(key, r.getOffsetMsgId());
                    int port = ControllerFailoverProcessTest.portOf(r.getOffsetMsgId());
                    oksByPort.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
                    synchronized (lock) {
                        lastOkNanos = System.nanoTime();
                        lastOkPort = port;
                        lock.notifyAll();
                    }
                    continue;
                }
            } catch (Exception e) {
                // counted below; a failover answers with errors for a while
                outcomes.sent(key, start, System.nanoTime(), "ERROR", null, e);
            }
            failures.incrementAndGet();
            try {
                Thread.sleep(PAUSE_AFTER_FAILURE_MS); // a pause between failing sends, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits (bounded) for a SEND_OK after {@code sinceNanos} from a broker port other than {@code
     * notPort}; returns its time, or -1.
     */
    long awaitOkElsewhere(long sinceNanos, int notPort, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (!(lastOkNanos > sinceNanos && lastOkPort != notPort)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return lastOkNanos;
        }
    }

    /** The port of the broker that answered the latest SEND_OK (0 before any). */
    int lastOkPort() {
        synchronized (lock) {
            return lastOkPort;
        }
    }

    /** Waits (bounded) for {@code n} more SEND_OKs than now. */
    boolean awaitMoreAcks(int n, long timeoutMs) throws InterruptedException {
        int target = acked.size() + n;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (acked.size() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** SEND_OKs answered so far by the broker listening on {@code port}. */
    long oksFrom(int port) {
        AtomicLong n = oksByPort.get(port);
        return n == null ? 0 : n.get();
    }

    Map<String, String> acked() {
        return acked;
    }

    /** Seconds from {@link #begin} to the first {@link #halt} (or to now while sending). */
    double seconds() {
        long end = haltedNanos == 0 ? System.nanoTime() : haltedNanos;
        return begunNanos == 0 ? 0 : (end - begunNanos) / 1e9;
    }

    long failures() {
        return failures.get();
    }

    /** Stops sending (the send in flight finishes). */
    void halt() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (haltedNanos == 0) {
            haltedNanos = System.nanoTime();
        }
    }

    @Override
    public void close() {
        try {
            halt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.shutdown();
    }
}
