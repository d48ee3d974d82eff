package dev.skiff.bench.feature;

import dev.skiff.bench.workload.ProcStat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;

/**
 * A master ({@code SYNC_MASTER} or {@code ASYNC_MASTER}) with one slave, loaded with 1 KiB
 * messages in one of two ways: 16 threads sending synchronously (w1's load), or w2's load of async
 * sends with 1,000 unanswered ({@link #ASYNC_THREADS} threads of {@link #ASYNC_IN_FLIGHT} each). A
 * send counts only when the answer is {@code SEND_OK} (a sync master that could not reach its
 * slave answers FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE). The master's HA status is sampled
 * during the measured window for the replication lag; after the window the slave gets {@link
 * #CATCH_UP_MS} to report the master's last byte.
 */
final class ReplicationWorkload implements FeatureWorkload {
    static final int THREADS = 16;
    static final int BODY_BYTES = 1024;
    static final int ASYNC_THREADS = 4;
    static final int ASYNC_IN_FLIGHT = 250;
    private static final long LINK_TIMEOUT_MS = 60_000;
    private static final long CATCH_UP_MS = 10_000;

    private final String role;
    private final boolean asyncLoad;

    /**
     * @param role {@code SYNC_MASTER} or {@code ASYNC_MASTER}
     * @param asyncLoad w2's load (async sends, 1,000 unanswered) instead of 16 sync senders
     */
    ReplicationWorkload(String role, boolean asyncLoad) {
        if (!role.equals("SYNC_MASTER") && !role.equals("ASYNC_MASTER")) {
            throw new IllegalArgumentException("role must be SYNC_MASTER or ASYNC_MASTER: " + role);
        }
        this.role = role;
        this.asyncLoad = asyncLoad;
    }

    @Override
    public String id() {
        return (role.equals("SYNC_MASTER") ? "repl-sync" : "repl-async") + (asyncLoad ? "-w2" : "");
    }

    @Override
    public String title() {
        return role + " + 1 slave: "
                + (asyncLoad
                        ? "async send, " + ASYNC_THREADS * ASYNC_IN_FLIGHT + " in flight"
                        : "sync send, " + THREADS + " threads")
                + ", 1 KiB";
    }

    @Override
    public Figures run(String system, FeatureContext ctx) throws Exception {
        Figures f = new Figures();
        String label = system + " " + id();
        try (FeatureCluster cluster = FeatureCluster.start(
                        ctx.servers().apply(ctx.heap()),
                        system,
                        ctx.dir(id(), system),
                        masterProps(),
                        Map.of(),
                        ctx.out());
                OfficialClients clients = new OfficialClients(cluster.namesrvAddress())) {
            String topic = "Feature_" + id().replace('-', '_');
            DefaultMQProducer producer = clients.producer("feature-" + id());
            OfficialClients.awaitFirstSend(producer, topic, LINK_TIMEOUT_MS);
            MQClientAPIImpl api = clients.adminApi();
            String master = cluster.master().address();
            awaitSlaveLink(api, master, ctx, label);
            byte[] body = new byte[BODY_BYTES];
            Load load = asyncLoad ? asyncLoad(producer, topic, body, ctx) : syncLoad(producer, topic, body, ctx);
            load.run(ctx.warmup(), label + " warm-up");
            ProcStat masterCpu = cluster.masterProbe();
            ProcStat slaveCpu = new ProcStat(cluster.slave().pid());
            double m0 = masterCpu.cpuSeconds();
            double s0 = slaveCpu.cpuSeconds();
            LagSampler lag = new LagSampler(api, master, ctx.out());
            Loaded o;
            LagStats lagStats;
            try (lag) {
                o = load.run(ctx.duration(), label);
            } finally {
                lagStats = lag.finish();
            }
            double mCpu = masterCpu.cpuSeconds() - m0;
            double sCpu = slaveCpu.cpuSeconds() - s0;
            double bytesPerSecond = o.perSecond() * BODY_BYTES;
            f.higher((asyncLoad ? "async" : "sync") + " send (msg/s)", o.perSecond());
            if (!asyncLoad) {
                f.lower("send p50 (ms)", o.p50Ms()).lower("send p99 (ms)", o.p99Ms());
            }
            f.lower("sends not SEND_OK", o.failed())
                    .lower("master CPU s per M msgs", perMillion(mCpu, o.ok()))
                    .lower("slave CPU s per M msgs", perMillion(sCpu, o.ok()))
                    .lower("replication lag p50 (KiB)", kib(lagStats.p50Bytes()))
                    .lower("replication lag p99 (KiB)", kib(lagStats.p99Bytes()))
                    .lower("replication lag max (KiB)", kib(lagStats.maxBytes()))
                    .lower(
                            "replication lag p99 (ms, bytes / write rate)",
                            LagStats.millis(lagStats.p99Bytes(), bytesPerSecond))
                    .lower(
                            "replication lag max (ms, bytes / write rate)",
                            LagStats.millis(lagStats.maxBytes(), bytesPerSecond))
                    .lower("slave catch-up after the load (ms)", catchUpMs(api, master));
            f.note(String.format(
                    java.util.Locale.ROOT,
                    "%s: %d HA status samples (%d failed); first failed send: %s",
                    id(),
                    lagStats.samples(),
                    lag.failures(),
                    o.firstFailure() == null ? "none" : o.firstFailure()));
        }
        return f;
    }

    /** What a load phase did: accepted and failed sends, its length, and sync send latency. */
    private record Loaded(long ok, long failed, double seconds, double p50Ms, double p99Ms, String firstFailure) {
        double perSecond() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    /** One load phase of a given length. */
    @FunctionalInterface
    private interface Load {
        Loaded run(java.time.Duration length, String label) throws InterruptedException;
    }

    private static Load syncLoad(DefaultMQProducer producer, String topic, byte[] body, FeatureContext ctx) {
        SendLoop.Send send = (seq, intendedNs) -> {
            SendStatus status = producer.send(new Message(topic, body)).getSendStatus();
            if (status != SendStatus.SEND_OK) {
                throw new IllegalStateException("send status " + status);
            }
            return true;
        };
        return (length, label) -> {
            SendLoop.Outcome o = SendLoop.run(THREADS, length, send, ctx.out(), label);
            return new Loaded(
                    o.ok(),
                    o.failed(),
                    o.seconds(),
                    o.latency().p50Us() / 1e3,
                    o.latency().p99Us() / 1e3,
                    o.firstFailure());
        };
    }

    /**
     * w2's load: {@link #ASYNC_THREADS} threads each keep {@link #ASYNC_IN_FLIGHT} async sends
     * unanswered until the phase ends; a failed send is sent again, as {@link AsyncSender} does.
     */
    private static Load asyncLoad(DefaultMQProducer producer, String topic, byte[] body, FeatureContext ctx) {
        return (length, label) -> {
            AsyncSender.Result[] results = new AsyncSender.Result[ASYNC_THREADS];
            Throwable[] errors = new Throwable[ASYNC_THREADS];
            Thread[] threads = new Thread[ASYNC_THREADS];
            for (int t = 0; t < ASYNC_THREADS; t++) {
                int slot = t;
                threads[t] = new Thread(
                        () -> {
                            try {
                                results[slot] = AsyncSender.send(
                                        producer,
                                        Integer.MAX_VALUE,
                                        i -> java.util.List.of(new Message(topic, body)),
                                        ASYNC_IN_FLIGHT,
                                        length.toMillis(),
                                        ctx.out(),
                                        label + " #" + slot);
                            } catch (Throwable e) {
                                errors[slot] = e;
                            }
                        },
                        "feature-async-load-" + t);
                threads[t].start();
            }
            long ok = 0;
            long failed = 0;
            double seconds = 0;
            String firstFailure = null;
            for (int t = 0; t < ASYNC_THREADS; t++) {
                threads[t].join(length.toMillis() + 120_000);
                if (errors[t] != null) {
                    firstFailure = firstFailure == null ? errors[t].toString() : firstFailure;
                } else if (results[t] != null) {
                    ok += results[t].stored();
                    failed += results[t].failedSends();
                    seconds = Math.max(seconds, results[t].seconds());
                } else {
                    firstFailure = firstFailure == null ? "load thread " + t + " did not finish" : firstFailure;
                }
            }
            return new Loaded(ok, failed, seconds, Double.NaN, Double.NaN, firstFailure);
        };
    }

    /**
     * The master's role; a sync master also wants 2 replicas ({@code inSyncReplicas=2}, the
     * official key): with the official default of 1 an Apache 5.x SYNC_MASTER answers without
     * waiting for any slave, while Skiff always waits for one. Both then wait for the slave.
     */
    private Map<String, String> masterProps() {
        return role.equals("SYNC_MASTER")
                ? Map.of("brokerRole", role, "inSyncReplicas", "2")
                : Map.of("brokerRole", role);
    }

    /**
     * Waits until the master reports a slave connection, then until it counts the slave in sync,
     * each up to {@link #LINK_TIMEOUT_MS} (a slave still catching up is reported, not fatal).
     */
    private static void awaitSlaveLink(MQClientAPIImpl api, String master, FeatureContext ctx, String label)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(LINK_TIMEOUT_MS);
        boolean linked = false;
        while (System.nanoTime() - deadline < 0) {
            HARuntimeInfo info = statusOrNull(api, master);
            if (!linked && LagSampler.maxDiff(info) >= 0) {
                linked = true;
                ctx.out().printf("[%s] slave linked after %,.0f ms%n", label, (System.nanoTime() - start) / 1e6);
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINK_TIMEOUT_MS);
            }
            if (linked && info != null && info.getInSyncSlaveNums() >= 1) {
                ctx.out().printf("[%s] slave in sync after %,.0f ms%n", label, (System.nanoTime() - start) / 1e6);
                return;
            }
            Thread.sleep(100);
        }
        if (!linked) {
            throw new IllegalStateException("no slave connected to " + master + " within " + LINK_TIMEOUT_MS + " ms");
        }
        ctx.out().printf("[%s] the slave is linked but not counted in sync; measuring anyway%n", label);
    }

    /** Ms until the master reports every slave at 0 bytes behind, NaN if not within {@link #CATCH_UP_MS}. */
    private static double catchUpMs(MQClientAPIImpl api, String master) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_MS);
        while (System.nanoTime() - deadline < 0) {
            if (LagSampler.maxDiff(statusOrNull(api, master)) == 0) {
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(50);
        }
        return Double.NaN;
    }

    private static HARuntimeInfo statusOrNull(MQClientAPIImpl api, String master) throws InterruptedException {
        try {
            return api.getBrokerHAStatus(master, 3_000);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return null;
        }
    }

    static double perMillion(double cpuSeconds, long messages) {
        return messages <= 0 || Double.isNaN(cpuSeconds) ? Double.NaN : cpuSeconds * 1e6 / messages;
    }

    private static double kib(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1024.0;
    }
}
