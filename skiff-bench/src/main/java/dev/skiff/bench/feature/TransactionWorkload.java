package dev.skiff.bench.feature;

import dev.skiff.bench.harness.LatencyRecorder;
import dev.skiff.bench.harness.LatencySummary;
import dev.skiff.bench.workload.ProcStat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Transactional sends: 16 threads each call {@code sendMessageInTransaction} with 1 KiB bodies;
 * the local transaction commits at once, so each call is a half message, the local step and the
 * commit (sent one-way by the client). A push consumer reads the topic meanwhile; end-to-end
 * latency is its receive time minus the time the sending thread started the call (both in this
 * JVM's {@code nanoTime}, carried in a user property). A call counts when the half was stored
 * ({@code SEND_OK}) and the local state is COMMIT_MESSAGE.
 */
final class TransactionWorkload implements FeatureWorkload {
    static final int THREADS = 16;
    static final int BODY_BYTES = 1024;
    static final String STAMP = "benchTxNs";
    private static final long DELIVERY_GRACE_MS = 30_000;
    static final int PACED_RATE = 1_000;

    @Override
    public String id() {
        return "txn";
    }

    @Override
    public String title() {
        return "transactions: half + commit, " + THREADS + " threads, 1 KiB, committed at once; end-to-end to a"
                + " push consumer";
    }

    @Override
    public Figures run(String system, FeatureContext ctx) throws Exception {
        String label = system + " txn";
        try (FeatureCluster cluster = FeatureCluster.start(
                        ctx.servers().apply(ctx.heap()), system, ctx.dir(id(), system), Map.of(), null, ctx.out());
                OfficialClients clients = new OfficialClients(cluster.namesrvAddress())) {
            String topic = "Feature_txn";
            OfficialClients.awaitFirstSend(clients.producer("feature-txn-plain"), topic, 60_000);
            TransactionMQProducer producer = clients.transactionProducer("feature-txn", new CommitAtOnce());
            LatencyRecorder e2e = new LatencyRecorder();
            AtomicLong received = new AtomicLong();
            AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
            java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
            clients.pushConsumer("feature-txn-consumer", topic, null, m -> {
                long now = System.nanoTime();
                first.countDown();
                long stamp = stampOf(m);
                if (stamp >= measuredFrom.get()) {
                    e2e.recordNanos(now - stamp);
                    received.incrementAndGet();
                }
            });
            if (!first.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the consumer got nothing in 60 s");
            }
            byte[] body = new byte[BODY_BYTES];
            SendLoop.Send send = (seq, intendedNs) -> {
                Message m = new Message(topic, body);
                m.putUserProperty(STAMP, Long.toString(intendedNs));
                TransactionSendResult r = producer.sendMessageInTransaction(m, null);
                return r.getSendStatus() == SendStatus.SEND_OK
                        && r.getLocalTransactionState() == LocalTransactionState.COMMIT_MESSAGE;
            };
            SendLoop.run(THREADS, ctx.warmup(), send, ctx.out(), label + " warm-up");
            ProcStat probe = cluster.masterProbe();
            measuredFrom.set(System.nanoTime());
            e2e.reset();
            double cpu0 = probe.cpuSeconds();
            SendLoop.Outcome o = SendLoop.run(THREADS, ctx.duration(), send, ctx.out(), label);
            awaitAtLeast(received, o.ok(), DELIVERY_GRACE_MS);
            double cpu = probe.cpuSeconds() - cpu0;
            LatencySummary l = LatencySummary.ofNanos(e2e.total());
            ctx.out()
                    .printf(
                            "[%s] %,d of %,d committed messages received; end-to-end p50 %.2f ms p99 %.2f ms%n",
                            label, received.get(), o.ok(), l.p50Us() / 1e3, l.p99Us() / 1e3);
            Figures f = new Figures()
                    .higher("transactions committed (per s)", o.perSecond())
                    .lower("sendMessageInTransaction p50 (ms)", o.latency().p50Us() / 1e3)
                    .lower("sendMessageInTransaction p99 (ms)", o.latency().p99Us() / 1e3)
                    .lower("failed transactional sends", o.failed())
                    .higher(
                            "committed messages received (%)",
                            o.ok() == 0 ? Double.NaN : 100.0 * received.get() / o.ok())
                    .lower("end-to-end p50, unpaced (ms)", l.p50Us() / 1e3)
                    .lower("end-to-end p99, unpaced (ms)", l.p99Us() / 1e3)
                    .lower("broker CPU s per M transactions", ReplicationWorkload.perMillion(cpu, o.ok()));
            paced(f, send, e2e, received, measuredFrom, ctx, label);
            if (o.firstFailure() != null) {
                f.note("first failed transactional send: " + o.firstFailure());
            }
            return f;
        }
    }

    /**
     * The same sends at a fixed {@link #PACED_RATE} per second, below either system's capacity on
     * this machine, so end-to-end latency compares like with like (unpaced, the faster system
     * also queues more in the consumer of this JVM). Latency counts from each intended start.
     */
    private static void paced(
            Figures f,
            SendLoop.Send send,
            LatencyRecorder e2e,
            AtomicLong received,
            AtomicLong measuredFrom,
            FeatureContext ctx,
            String label)
            throws InterruptedException {
        long before = received.get();
        measuredFrom.set(System.nanoTime());
        e2e.reset();
        SendLoop.Outcome o = SendLoop.paced(THREADS, ctx.duration(), PACED_RATE, send, ctx.out(), label + " paced");
        awaitAtLeast(received, before + o.ok(), DELIVERY_GRACE_MS);
        LatencySummary l = LatencySummary.ofNanos(e2e.total());
        ctx.out()
                .printf(
                        "[%s paced] %,d sent, %,d received; end-to-end p50 %.2f ms p99 %.2f ms%n",
                        label, o.ok(), received.get() - before, l.p50Us() / 1e3, l.p99Us() / 1e3);
        f.higher("paced: transactions committed (per s)", o.perSecond())
                .lower("paced: sendMessageInTransaction p99 (ms)", o.latency().p99Us() / 1e3)
                .lower("paced: end-to-end p50 (ms)", l.p50Us() / 1e3)
                .lower("paced: end-to-end p99 (ms)", l.p99Us() / 1e3);
    }

    private static void awaitAtLeast(AtomicLong counter, long target, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (counter.get() < target && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
    }

    private static long stampOf(MessageExt m) {
        String v = m.getUserProperty(STAMP);
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Commits every local transaction at once; a check-back (none expected) also commits. */
    private static final class CommitAtOnce implements TransactionListener {
        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }
    }
}
