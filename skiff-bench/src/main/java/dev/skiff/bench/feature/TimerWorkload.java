package dev.skiff.bench.feature;

import dev.skiff.bench.workload.ProcStat;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Many pending timers, then a burst falling due together, on a broker with a small heap.
 *
 * <ol>
 *   <li>Accept: {@code pending} messages with a delivery time ({@code setDeliverTimeMs}) spread
 *       evenly from 10 minutes to a day ahead, sent async with {@link #IN_FLIGHT} unanswered at
 *       most; rate = accepted / time to the last answer. Stops sending after {@link #ACCEPT_MAX_MS}.
 *   <li>Memory: the broker's heap used after a full GC (jcmd), VmRSS and RssAnon, before and
 *       after accepting.
 *   <li>Burst: {@code burst} timers on another topic, all due at one instant {@link #BURST_LEAD_MS}
 *       after sending starts, with a push consumer already reading it; lateness = receive wall
 *       time minus the due time, for every one delivered within {@link #BURST_WAIT_MS} after it.
 *       Also the firing part of it: the delivered copy's store time minus the due time (when the
 *       broker put it in its topic; the rest is the consumer's reading).
 * </ol>
 *
 * Both systems run with their timer defaults (wheel enabled, 1 s precision).
 */
final class TimerWorkload implements FeatureWorkload {
    static final int BODY_BYTES = 256;
    static final int IN_FLIGHT = 1_000;
    static final long MIN_DELAY_MS = TimeUnit.MINUTES.toMillis(10);
    static final long SPREAD_MS = TimeUnit.DAYS.toMillis(1);
    static final long ACCEPT_MAX_MS = 180_000;
    static final long BURST_LEAD_MS = 15_000;
    static final long BURST_WAIT_MS = 120_000;
    static final String DUE_PROPERTY = "benchDueMs";

    private final int pending;
    private final int burst;
    private final String heap;

    TimerWorkload(int pending, int burst, String heap) {
        if (pending < 0 || pending > 10_000_000 || burst < 1 || burst > 1_000_000) {
            throw new IllegalArgumentException("pending timers 0..10,000,000 and burst 1..1,000,000");
        }
        this.pending = pending;
        this.burst = burst;
        this.heap = heap;
    }

    @Override
    public String id() {
        return "timers";
    }

    @Override
    public String title() {
        return String.format(
                Locale.ROOT,
                "%,d pending timers over a day (10 min .. 1 day ahead), %s broker heap; a burst of %,d due at"
                        + " one instant",
                pending,
                heap,
                burst);
    }

    @Override
    public Figures run(String system, FeatureContext ctx) throws Exception {
        Figures f = new Figures();
        String label = system + " timers";
        PrintStream out = ctx.out();
        try (FeatureCluster cluster = FeatureCluster.start(
                        ctx.servers().apply(heap),
                        system,
                        ctx.dir(id(), system),
                        Map.of("timerWheelEnable", "true"),
                        null,
                        out);
                OfficialClients clients = new OfficialClients(cluster.namesrvAddress())) {
            DefaultMQProducer producer = clients.producer("feature-timers");
            String topic = "Feature_timers";
            OfficialClients.awaitFirstSend(producer, topic, 60_000);
            long pid = cluster.master().pid();
            ProcStat probe = new ProcStat(pid);
            long heap0 = HeapInfo.usedAfterGcKb(pid);
            double cpu0 = probe.cpuSeconds();
            AsyncSender.Result a =
                    pending == 0 ? new AsyncSender.Result(0, 0, 0, false) : accept(producer, topic, out, label);
            double cpu = probe.cpuSeconds() - cpu0;
            long heap1 = HeapInfo.usedAfterGcKb(pid);
            f.higher("timers accepted per second", a.perSecond())
                    .higher("timers accepted (pending)", a.stored())
                    .lower("timer sends failed (sent again)", a.failedSends())
                    .lower("broker CPU s per M timers accepted", ReplicationWorkload.perMillion(cpu, a.stored()))
                    .lower("heap used after GC, before (MiB)", mib(heap0))
                    .lower("heap used after GC, timers pending (MiB)", mib(heap1))
                    .lower("VmRSS, timers pending (MiB)", mib(probe.residentKb()))
                    .lower("RssAnon, timers pending (MiB)", mib(probe.anonymousKb()))
                    .lower("heap after GC per pending timer (bytes)", perTimer(heap0, heap1, a.stored()));
            out.printf("[%s] heap after GC %,d KiB before, %,d KiB with timers pending%n", label, heap0, heap1);
            burst(clients, producer, f, out, label);
            if (a.cutShort()) {
                f.note(String.format(
                        Locale.ROOT,
                        "accepting was cut short after %d s at %,d of %,d timers",
                        ACCEPT_MAX_MS / 1000,
                        a.stored(),
                        pending));
            }
        }
        return f;
    }

    private AsyncSender.Result accept(DefaultMQProducer producer, String topic, PrintStream out, String label)
            throws InterruptedException {
        byte[] body = new byte[BODY_BYTES];
        long baseMs = System.currentTimeMillis();
        return AsyncSender.send(
                producer,
                pending,
                i -> {
                    Message m = new Message(topic, body);
                    m.setDeliverTimeMs(baseMs + MIN_DELAY_MS + (long) ((double) i * SPREAD_MS / pending));
                    return List.of(m);
                },
                IN_FLIGHT,
                ACCEPT_MAX_MS,
                out,
                label + " accept");
    }

    private void burst(OfficialClients clients, DefaultMQProducer producer, Figures f, PrintStream out, String label)
            throws Exception {
        String topic = "Feature_timer_burst";
        OfficialClients.awaitFirstSend(producer, topic, 60_000);
        long[] lateness = new long[burst];
        long[] storedLateness = new long[burst];
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(burst);
        clients.pushConsumer("feature-timer-burst", topic, null, m -> {
            first.countDown();
            long due = dueOf(m);
            if (due > 0) {
                int i = delivered.getAndIncrement();
                if (i < lateness.length) {
                    lateness[i] = System.currentTimeMillis() - due;
                    storedLateness[i] = m.getStoreTimestamp() - due;
                    all.countDown();
                }
            }
        });
        if (!first.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the burst consumer got nothing in 60 s");
        }
        long dueMs = System.currentTimeMillis() + BURST_LEAD_MS;
        byte[] body = new byte[BODY_BYTES];
        AsyncSender.Result sent = AsyncSender.send(
                producer,
                burst,
                i -> {
                    Message m = new Message(topic, body);
                    m.setDeliverTimeMs(dueMs);
                    m.putUserProperty(DUE_PROPERTY, Long.toString(dueMs));
                    return List.of(m);
                },
                IN_FLIGHT,
                BURST_LEAD_MS,
                out,
                label + " burst");
        long sentBy = System.currentTimeMillis();
        for (long unsent = burst - sent.stored(); unsent > 0; unsent--) {
            all.countDown(); // wait only for the timers stored
        }
        long waitMs = Math.max(0, dueMs - System.currentTimeMillis()) + BURST_WAIT_MS;
        boolean complete = all.await(waitMs, TimeUnit.MILLISECONDS);
        LatenessStats s = LatenessStats.of(lateness, Math.min(delivered.get(), burst));
        LatenessStats fired = LatenessStats.of(storedLateness, Math.min(delivered.get(), burst));
        out.printf(
                "[%s] burst: %,d sent (%,d failed, last answer %,d ms before due), %,d delivered%s; lateness p50 %,d"
                        + " ms p99 %,d ms max %,d ms, %,d early%n",
                label,
                sent.stored(),
                sent.failedSends(),
                dueMs - sentBy,
                s.count(),
                complete ? "" : " (INCOMPLETE)",
                s.p50Ms(),
                s.p99Ms(),
                s.maxMs(),
                s.early());
        out.printf(
                "[%s] burst fired (store time of the delivered copy minus due): min %,d ms p50 %,d ms p99 %,d ms"
                        + " max %,d ms (due %,d ms past a whole second)%n",
                label, fired.minMs(), fired.p50Ms(), fired.p99Ms(), fired.maxMs(), dueMs % 1_000);
        f.higher("burst timers delivered", s.count())
                .lower("burst lateness p50 (ms)", s.p50Ms())
                .lower("burst lateness p99 (ms)", s.p99Ms())
                .lower("burst lateness max (ms)", s.maxMs())
                .lower("burst timers delivered early", s.early())
                .lower("burst fired (stored) p50 (ms)", fired.p50Ms())
                .lower("burst fired (stored) p99 (ms)", fired.p99Ms());
        if (sentBy > dueMs) {
            f.note("the burst's last send was answered " + (sentBy - dueMs) + " ms after its due time");
        }
    }

    private static long dueOf(MessageExt m) {
        String v = m.getUserProperty(DUE_PROPERTY);
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Bytes of heap (after GC) each pending timer added; NaN when unknown. */
    static double perTimer(long heapBeforeKb, long heapAfterKb, long timers) {
        if (heapBeforeKb < 0 || heapAfterKb < 0 || timers <= 0) {
            return Double.NaN;
        }
        return (heapAfterKb - heapBeforeKb) * 1024.0 / timers;
    }

    private static double mib(long kib) {
        return kib < 0 ? Double.NaN : kib / 1024.0;
    }
}
