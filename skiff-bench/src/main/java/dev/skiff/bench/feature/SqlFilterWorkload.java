package dev.skiff.bench.feature;

import dev.skiff.bench.workload.ProcStat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/**
 * SQL92 property filters. {@code messages} 1 KiB messages are stored, message {@code i} with the
 * user property {@code a = i % 100}; then one new consumer group per selectivity drains the topic
 * from its first offset through {@code bySql("a < 10")} (10 %) and {@code bySql("a < 90")} (90 %),
 * one after the other. Drain rate = matched messages / time from the consumer's start to the last
 * match; broker CPU over the same window, per matched and per stored (scanned) message. Both
 * brokers run with {@code enablePropertyFilter=true}.
 */
final class SqlFilterWorkload implements FeatureWorkload {
    static final int BODY_BYTES = 1024;
    static final int BATCH = 32;
    static final int IN_FLIGHT = 64;
    static final int[] PERCENTS = {10, 90};
    static final long FILL_MAX_MS = 600_000;

    private final int messages;

    SqlFilterWorkload(int messages) {
        if (messages < 100 || messages > 100_000_000 || messages % 100 != 0) {
            throw new IllegalArgumentException("SQL92 messages must be a multiple of 100 in 100..100,000,000");
        }
        this.messages = messages;
    }

    @Override
    public String id() {
        return "sql92";
    }

    @Override
    public String title() {
        return String.format(
                Locale.ROOT,
                "SQL92 filter: drain %,d stored 1 KiB messages through bySql matching 10 %% and 90 %%",
                messages);
    }

    @Override
    public Figures run(String system, FeatureContext ctx) throws Exception {
        String label = system + " sql92";
        Figures f = new Figures();
        try (FeatureCluster cluster = FeatureCluster.start(
                        ctx.servers().apply(ctx.heap()),
                        system,
                        ctx.dir(id(), system),
                        Map.of("enablePropertyFilter", "true"),
                        null,
                        ctx.out());
                OfficialClients clients = new OfficialClients(cluster.namesrvAddress())) {
            String topic = "Feature_sql92";
            DefaultMQProducer producer = clients.producer("feature-sql92");
            OfficialClients.awaitFirstSend(producer, topic, 60_000);
            long fillStart = System.nanoTime();
            fill(producer, topic, ctx.out(), label);
            ctx.out().printf("[%s] stored %,d in %.1f s%n", label, messages, (System.nanoTime() - fillStart) / 1e9);
            ProcStat probe = cluster.masterProbe();
            for (int percent : PERCENTS) {
                drain(clients, topic, percent, probe, f, ctx.out(), label);
            }
        }
        return f;
    }

    private void fill(DefaultMQProducer producer, String topic, PrintStream out, String label) throws Exception {
        byte[] body = new byte[BODY_BYTES];
        int batches = (messages + BATCH - 1) / BATCH;
        AsyncSender.Result r = AsyncSender.send(
                producer,
                batches,
                b -> {
                    List<Message> batch = new ArrayList<>(BATCH);
                    for (int j = b * BATCH; j < Math.min(messages, (b + 1) * BATCH); j++) {
                        Message m = new Message(topic, body);
                        m.putUserProperty("a", Integer.toString(j % 100));
                        batch.add(m);
                    }
                    return batch;
                },
                IN_FLIGHT,
                FILL_MAX_MS,
                out,
                label + " fill");
        if (r.cutShort()) {
            throw new IllegalStateException("fill incomplete: " + r.stored() + " of " + batches + " batches stored");
        }
    }

    private void drain(
            OfficialClients clients,
            String topic,
            int percent,
            ProcStat probe,
            Figures f,
            PrintStream out,
            String label)
            throws Exception {
        long expected = (long) messages * percent / 100;
        AtomicLong got = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        double cpu0 = probe.cpuSeconds();
        long start = System.nanoTime();
        long[] lastNs = new long[1];
        var consumer =
                clients.pushConsumer("feature-sql92-" + percent, topic, MessageSelector.bySql("a < " + percent), m -> {
                    String a = m.getUserProperty("a");
                    if (a == null || Integer.parseInt(a) >= percent) {
                        wrong.incrementAndGet();
                        return;
                    }
                    if (got.incrementAndGet() == expected) {
                        lastNs[0] = System.nanoTime();
                        all.countDown();
                    }
                });
        long boundS = Math.clamp(messages / 1_000L, 60, 600);
        boolean complete = all.await(boundS, TimeUnit.SECONDS);
        long end = complete ? lastNs[0] : System.nanoTime();
        double cpu = probe.cpuSeconds() - cpu0;
        consumer.shutdown(); // no idle long polls during the next drain
        double seconds = (end - start) / 1e9;
        out.printf(
                "[%s] %d %%: %,d of %,d matched in %.1f s = %,.0f msg/s%s, %,d not matching delivered, broker CPU %.1f s%n",
                label,
                percent,
                got.get(),
                expected,
                seconds,
                got.get() / seconds,
                complete ? "" : " (TIMED OUT)",
                wrong.get(),
                cpu);
        String p = percent + " %";
        f.higher("drain " + p + " (matched msg/s)", got.get() / seconds)
                .higher("drain " + p + " (stored msg scanned/s)", complete ? messages / seconds : Double.NaN)
                .lower("drain " + p + " broker CPU µs per matched msg", cpu * 1e6 / Math.max(1, got.get()))
                .lower("drain " + p + " broker CPU µs per stored msg", cpu * 1e6 / messages)
                .lower("drain " + p + " non-matching delivered", wrong.get());
        if (!complete) {
            f.note(String.format(
                    Locale.ROOT,
                    "%d %% drain timed out after %d s at %,d of %,d",
                    percent,
                    boundS,
                    got.get(),
                    expected));
        }
    }
}
