package dev.skiff.bench.feature;

import dev.skiff.bench.workload.ProcStat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The check-back scan: {@code halves} transactional messages whose local transaction answers
 * UNKNOW, so every one stays undecided until the broker's check scan asks the producer, which
 * then commits it. Both brokers run with {@code transactionTimeOut=2000} and
 * {@code transactionCheckInterval=5000} (the defaults differ: 30 s on Apache, 60 s on Skiff).
 * Measured: time from the last half stored until a push consumer has every message, check-backs
 * the producer answered, and broker CPU per half over the whole run (store + scan + commit).
 */
final class TransactionCheckWorkload implements FeatureWorkload {
    static final int THREADS = 16;
    static final int BODY_BYTES = 1024;
    static final long RESOLVE_MAX_MS = 240_000;
    static final long SEND_MAX_MS = 240_000;

    private final int halves;

    TransactionCheckWorkload(int halves) {
        if (halves < 1 || halves > 10_000_000) {
            throw new IllegalArgumentException("halves must be 1..10,000,000: " + halves);
        }
        this.halves = halves;
    }

    @Override
    public String id() {
        return "txn-check";
    }

    @Override
    public String title() {
        return String.format(
                Locale.ROOT,
                "transaction check-back: %,d undecided halves (UNKNOW), committed when the broker asks",
                halves);
    }

    @Override
    public Figures run(String system, FeatureContext ctx) throws Exception {
        String label = system + " txn-check";
        Map<String, String> props = Map.of("transactionTimeOut", "2000", "transactionCheckInterval", "5000");
        try (FeatureCluster cluster = FeatureCluster.start(
                        ctx.servers().apply(ctx.heap()), system, ctx.dir(id(), system), props, null, ctx.out());
                OfficialClients clients = new OfficialClients(cluster.namesrvAddress())) {
            String topic = "Feature_txn_check";
            OfficialClients.awaitFirstSend(clients.producer("feature-txn-check-plain"), topic, 60_000);
            AtomicLong checks = new AtomicLong();
            TransactionMQProducer producer =
                    clients.transactionProducer("feature-txn-check", new UnknownThenCommit(checks));
            CountDownLatch all = new CountDownLatch(halves);
            clients.pushConsumer("feature-txn-check-consumer", topic, null, m -> {
                if (m.getUserProperty("benchHalf") != null) {
                    all.countDown();
                }
            });
            ProcStat probe = cluster.masterProbe();
            double cpu0 = probe.cpuSeconds();
            byte[] body = new byte[BODY_BYTES];
            AtomicLong left = new AtomicLong(halves);
            SendLoop.Send send = (seq, intendedNs) -> {
                if (left.getAndDecrement() <= 0) {
                    throw new StopSending();
                }
                Message m = new Message(topic, body);
                m.putUserProperty("benchHalf", "1");
                return producer.sendMessageInTransaction(m, null).getSendStatus() == SendStatus.SEND_OK;
            };
            SendLoop.Outcome sent = SendLoop.untilDone(THREADS, SEND_MAX_MS, send, ctx.out(), label + " halves");
            long fromLast = System.nanoTime();
            boolean complete = all.await(RESOLVE_MAX_MS, TimeUnit.MILLISECONDS);
            double resolveS = (System.nanoTime() - fromLast) / 1e9;
            double cpu = probe.cpuSeconds() - cpu0;
            long resolved = halves - all.getCount();
            ctx.out()
                    .printf(
                            "[%s] %,d halves stored in %.1f s; %,d resolved %.1f s after the last (%s), %,d"
                                    + " check-backs, broker CPU %.1f s%n",
                            label,
                            sent.ok(),
                            sent.seconds(),
                            resolved,
                            resolveS,
                            complete ? "all" : "TIMED OUT",
                            checks.get(),
                            cpu);
            Figures f = new Figures()
                    .higher("halves stored (per s)", sent.perSecond())
                    .higher("halves resolved by check-back", resolved)
                    .lower("all resolved, seconds after the last half", complete ? resolveS : Double.NaN)
                    .lower("check-backs answered", checks.get())
                    .lower("broker CPU µs per half (store + scan + commit)", cpu * 1e6 / Math.max(1, sent.ok()));
            if (!complete) {
                f.note(String.format(
                        Locale.ROOT, "only %,d of %,d resolved within %d s", resolved, halves, RESOLVE_MAX_MS / 1000));
            }
            return f;
        }
    }

    /** Ends a sending thread once every half is sent. */
    static final class StopSending extends Exception {
        private static final long serialVersionUID = 1L;

        StopSending() {
            super("all sent", null, false, false);
        }
    }

    /** Leaves every local transaction undecided; commits when the broker checks back. */
    private static final class UnknownThenCommit implements TransactionListener {
        private final AtomicLong checks;

        UnknownThenCommit(AtomicLong checks) {
            this.checks = checks;
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            return LocalTransactionState.UNKNOW;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            checks.incrementAndGet();
            return LocalTransactionState.COMMIT_MESSAGE;
        }
    }
}
