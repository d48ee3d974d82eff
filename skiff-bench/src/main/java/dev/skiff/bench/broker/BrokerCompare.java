package dev.skiff.bench.broker;

import dev.skiff.bench.process.Checkout;
import dev.skiff.bench.process.ServerProcess;
import dev.skiff.bench.process.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;

/**
 * Skiff's broker against Apache RocketMQ 5.5.0's, one after the other in the same run, each with
 * its own name server, in separate JVMs with the same heap and flush setting, driven by the
 * official client from this JVM over 127.0.0.1:
 *
 * <ol>
 *   <li>sync send of 1 KiB bodies from {@code threads} threads (one producer), after a warm-up;
 *   <li>drain: {@code drainCount} messages pre-filled (async batches of 32), then a push
 *       consumer (clustering, from the first offset) reads them all; time from start to last.
 * </ol>
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl skiff-dist,skiff-bench -am
 * java -cp 'skiff-bench/target/lib/*' dev.skiff.bench.broker.BrokerCompare \
 *     [threads=16] [sendSeconds=20] [drainCount=1000000] [rounds=1] [flush=ASYNC_FLUSH]
 * </pre>
 *
 * Both brokers and the driver share this machine's cores; the figures are ratios from one run.
 */
public final class BrokerCompare {
    private static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:MaxDirectMemorySize=1g");
    private static final int BODY_BYTES = 1024;
    private static final int BATCH = 32;
    private static final long DRAIN_TIMEOUT_S = 600;

    record Result(
            String system,
            double sendPerSec,
            double p50Us,
            double p99Us,
            double p999Us,
            double sendCpuUsPerMsg,
            double drainPerSec,
            double drainCpuUsPerMsg,
            long idleRssKb,
            long idleAnonKb,
            long loadedRssKb,
            long loadedAnonKb,
            double startupMs) {}

    private BrokerCompare() {}

    public static void main(String[] args) throws Exception {
        int threads = intArg(args, 0, 16, 1, 256);
        int seconds = intArg(args, 1, 20, 1, 600);
        int drainCount = intArg(args, 2, 1_000_000, 0, 20_000_000);
        int rounds = intArg(args, 3, 1, 1, 10);
        String flush = args.length > 4 ? args[4] : "ASYNC_FLUSH";
        Servers servers = new Servers(Checkout.locate(), HEAP);
        Path work = Files.createTempDirectory("skiff-broker-bench");
        System.out.printf(
                "broker compare: sync send %d threads %d s (+warm-up), drain %,d, %d round(s), %s, work dir %s%n",
                threads, seconds, drainCount, rounds, flush, work);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String system : List.of("apache", "skiff")) {
                Result r = runSystem(
                        servers, system, work.resolve(system + "-" + round), flush, threads, seconds, drainCount);
                results.computeIfAbsent(system, k -> new ArrayList<>()).add(r);
                System.out.printf(
                        Locale.ROOT,
                        "  round %d %-6s send %,9.0f msg/s p50 %6.0f us p99 %7.0f us p99.9 %7.0f us cpu %5.1f us/msg | drain %,9.0f msg/s cpu %5.1f us/msg | rss idle %,d KiB loaded %,d KiB | start %,.0f ms%n",
                        round,
                        system,
                        r.sendPerSec(),
                        r.p50Us(),
                        r.p99Us(),
                        r.p999Us(),
                        r.sendCpuUsPerMsg(),
                        r.drainPerSec(),
                        r.drainCpuUsPerMsg(),
                        r.idleRssKb(),
                        r.loadedRssKb(),
                        r.startupMs());
            }
        }
        printTable(results);
    }

    private static Result runSystem(
            Servers servers, String system, Path dir, String flush, int threads, int seconds, int drainCount)
            throws Exception {
        int namesrvPort = ServerProcess.freePort();
        try (ServerProcess namesrv = system.equals("skiff")
                ? servers.skiffNamesrv(dir.resolve("namesrv"), namesrvPort)
                : servers.apacheNamesrv(dir.resolve("namesrv"), namesrvPort)) {
            int brokerPort = ServerProcess.freePort();
            try (ServerProcess broker = system.equals("skiff")
                    ? servers.skiffBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush)
                    : servers.apacheBroker(dir.resolve("broker"), brokerPort, namesrv.address(), flush)) {
                return measure(system, namesrv.address(), broker, threads, seconds, drainCount);
            }
        }
    }

    private static Result measure(
            String system, String namesrvAddr, ServerProcess broker, int threads, int seconds, int drainCount)
            throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("bench-producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(system + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        try {
            byte[] body = new byte[BODY_BYTES];
            awaitFirstSend(producer, "BenchSend", body);
            long idleRss = broker.residentKb();
            long idleAnon = broker.anonymousKb();
            sendLoad(producer, "BenchSend", body, threads, Math.max(3, seconds / 4), new Recorder(3));
            Recorder recorder = new Recorder(3);
            double cpuBefore = broker.cpuSeconds();
            long sent = sendLoad(producer, "BenchSend", body, threads, seconds, recorder);
            double sendCpu = broker.cpuSeconds() - cpuBefore;
            Histogram h = recorder.getIntervalHistogram();

            double drainPerSec = 0;
            double drainCpu = 0;
            if (drainCount > 0) {
                awaitFirstSend(producer, "BenchDrain", body);
                prefill(producer, "BenchDrain", body, drainCount - 1);
                cpuBefore = broker.cpuSeconds();
                drainPerSec = drain(system, namesrvAddr, "BenchDrain", drainCount);
                drainCpu = broker.cpuSeconds() - cpuBefore;
            }
            return new Result(
                    system,
                    sent / (double) seconds,
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0,
                    sent == 0 ? 0 : sendCpu * 1e6 / sent,
                    drainPerSec,
                    drainCount == 0 ? 0 : drainCpu * 1e6 / drainCount,
                    idleRss,
                    idleAnon,
                    broker.residentKb(),
                    broker.anonymousKb(),
                    broker.startupMs());
        } finally {
            producer.shutdown();
        }
    }

    /** Sends until the broker is registered and the topic exists (bounded: 60 s). */
    private static void awaitFirstSend(DefaultMQProducer producer, String topic, byte[] body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                producer.send(new Message(topic, body));
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("no successful send to " + topic + " within 60 s", last);
    }

    private static long sendLoad(
            DefaultMQProducer producer, String topic, byte[] body, int threads, int seconds, Recorder recorder)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            while (System.nanoTime() < deadline) {
                                long start = System.nanoTime();
                                try {
                                    producer.send(new Message(topic, body));
                                    recorder.recordValue(System.nanoTime() - start);
                                    done.incrementAndGet();
                                } catch (Exception e) {
                                    if (failures.getAndIncrement() == 0) {
                                        System.out.println("  first failed send: " + e);
                                    }
                                }
                            }
                        } finally {
                            finished.countDown();
                        }
                    },
                    "bench-send-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        finished.await();
        if (failures.get() > 0) {
            System.out.printf("  (%d failed sends)%n", failures.get());
        }
        return done.get();
    }

    /** Async batches of 32 with at most 64 in flight. */
    private static void prefill(DefaultMQProducer producer, String topic, byte[] body, int count) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        AtomicLong failures = new AtomicLong();
        for (int sent = 0; sent < count; sent += BATCH) {
            List<Message> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < Math.min(BATCH, count - sent); i++) {
                batch.add(new Message(topic, body));
            }
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("prefill stalled");
            }
            producer.send(batch, new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    inFlight.release();
                }

                @Override
                public void onException(Throwable e) {
                    failures.incrementAndGet();
                    inFlight.release();
                }
            });
        }
        if (!inFlight.tryAcquire(64, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("prefill did not finish");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " prefill batches failed");
        }
    }

    private static double drain(String system, String namesrvAddr, String topic, int count) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("bench-drain-" + system);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(system + "-drain-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        AtomicLong received = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            if (received.addAndGet(messages.size()) >= count) {
                all.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long start = System.nanoTime();
        consumer.start();
        try {
            if (!all.await(DRAIN_TIMEOUT_S, TimeUnit.SECONDS)) {
                System.out.printf("  drain timed out after %d of %d%n", received.get(), count);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return received.get() / seconds;
        } finally {
            consumer.shutdown();
        }
    }

    private static void printTable(Map<String, List<Result>> results) {
        Result skiff = best(results.get("skiff"));
        Result apache = best(results.get("apache"));
        System.out.println();
        System.out.println("| figure (best round) | Skiff | Apache RocketMQ 5.5.0 | Skiff / Apache |");
        System.out.println("|---|---:|---:|---:|");
        row("sync send, msg/s", skiff.sendPerSec(), apache.sendPerSec());
        row("send p50 (us)", skiff.p50Us(), apache.p50Us());
        row("send p99 (us)", skiff.p99Us(), apache.p99Us());
        row("send p99.9 (us)", skiff.p999Us(), apache.p999Us());
        row("broker CPU per sent message (us)", skiff.sendCpuUsPerMsg(), apache.sendCpuUsPerMsg());
        row("push drain, msg/s", skiff.drainPerSec(), apache.drainPerSec());
        row("broker CPU per drained message (us)", skiff.drainCpuUsPerMsg(), apache.drainCpuUsPerMsg());
        row("broker resident memory, idle (KiB)", skiff.idleRssKb(), apache.idleRssKb());
        row("broker private memory (RssAnon), idle (KiB)", skiff.idleAnonKb(), apache.idleAnonKb());
        row("broker resident memory, after load (KiB)", skiff.loadedRssKb(), apache.loadedRssKb());
        row("broker private memory (RssAnon), after load (KiB)", skiff.loadedAnonKb(), apache.loadedAnonKb());
        row("broker start to listening (ms)", skiff.startupMs(), apache.startupMs());
    }

    private static Result best(List<Result> rounds) {
        return rounds.stream()
                .max((a, b) -> Double.compare(a.sendPerSec(), b.sendPerSec()))
                .orElseThrow();
    }

    private static void row(String name, double skiff, double apache) {
        System.out.printf(
                Locale.ROOT, "| %s | %,.1f | %,.1f | %.2f |%n", name, skiff, apache, apache == 0 ? 0 : skiff / apache);
    }

    private static int intArg(String[] args, int index, int defaultValue, int min, int max) {
        int value = args.length > index ? Integer.parseInt(args[index]) : defaultValue;
        if (value < min || value > max) {
            throw new IllegalArgumentException("argument " + index + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
