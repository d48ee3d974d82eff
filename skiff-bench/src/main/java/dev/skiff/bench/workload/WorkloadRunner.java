package dev.skiff.bench.workload;

import dev.skiff.bench.client.BenchMessage;
import dev.skiff.bench.client.LoadClient;
import dev.skiff.bench.client.LoadProducer;
import dev.skiff.bench.harness.LatencyRecorder;
import dev.skiff.bench.harness.LatencySummary;
import dev.skiff.bench.harness.Pacer;
import dev.skiff.bench.harness.SendMode;
import dev.skiff.bench.harness.WorkloadResult;
import dev.skiff.bench.harness.WorkloadSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs one {@link WorkloadSpec} against one target through a {@link LoadClient}: prepares its
 * topics, warms up, measures, and reads the broker's CPU and memory around the measured window.
 * Every wait is bounded; a target that stops answering ends the workload with errors, not a hang.
 */
@SuppressWarnings("try") // reporters and consumers are held open by try-with-resources only
public final class WorkloadRunner {
    static final long SEND_TIMEOUT_MS = 10_000;
    private static final Duration FIRST_SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final long DELIVERY_GRACE_MS = 30_000;
    /** Most messages of w4's warm-up pass. */
    static final long DRAIN_WARMUP_MAX = 1_000_000;
    /** Measured drain passes of w4; the median one is reported. */
    static final int DRAIN_PASSES = 3;
    /** Rounds of the pre-fill: the first sends everything, later ones what failed. */
    private static final int PREFILL_ROUNDS = 5;

    private final LoadClient client;
    private final BrokerProbe probe;
    /** This JVM: the load clients' CPU. */
    private final ProcStat self = ProcStat.self();

    private final String system;
    private final String topicPrefix;
    private final PrintStream out;

    /**
     * @param topicPrefix prefix of every topic and group this runner creates (unique per run when
     *     the target is shared)
     */
    public WorkloadRunner(LoadClient client, BrokerProbe probe, String system, String topicPrefix, PrintStream out) {
        this.client = client;
        this.probe = probe;
        this.system = system;
        this.topicPrefix = topicPrefix;
        this.out = out;
    }

    public WorkloadResult run(WorkloadSpec spec) throws Exception {
        out.printf("[%s %s] %s%n", system, spec.id(), spec.title());
        LoadProducer producer = client.producer(topicPrefix + "-producer-" + spec.id(), SEND_TIMEOUT_MS);
        try {
            List<String> topics = prepareTopics(spec, producer);
            return switch (spec.kind()) {
                case PRODUCE -> produce(spec, producer, topics);
                case DRAIN -> drain(spec, producer, topics.getFirst());
                case END_TO_END -> endToEnd(spec, producer, topics.getFirst());
            };
        } finally {
            producer.close();
        }
    }

    /**
     * Sends one small message to {@code topic} until it succeeds (the broker is registered and
     * routes are known), every 50 ms up to {@code timeout}. Returns the time it took in ms.
     */
    public static double awaitFirstSend(LoadProducer producer, String topic, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                producer.sendSync(List.of(new BenchMessage(topic, new byte[] {1}, null, null, -1)));
                return (System.nanoTime() - start) / 1e6;
            } catch (Exception e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("no successful send to " + topic + " within " + timeout, last);
    }

    private List<String> prepareTopics(WorkloadSpec spec, LoadProducer producer) throws Exception {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < spec.topics(); i++) {
            topics.add(spec.topic(topicPrefix, i));
        }
        awaitFirstSend(producer, topics.getFirst(), FIRST_SEND_TIMEOUT);
        if (topics.size() > 1) {
            long start = System.nanoTime();
            client.createTopics(topics.getFirst(), topics.subList(1, topics.size()), spec.queuesPerTopic());
            for (String topic : topics.subList(1, topics.size())) {
                awaitFirstSend(producer, topic, Duration.ofSeconds(10));
            }
            out.printf(
                    "[%s %s] created %,d topics x %d queues and sent to each in %,.0f ms%n",
                    system, spec.id(), topics.size() - 1, spec.queuesPerTopic(), (System.nanoTime() - start) / 1e6);
        }
        return topics;
    }

    private WorkloadResult produce(WorkloadSpec spec, LoadProducer producer, List<String> topics)
            throws InterruptedException {
        if (!spec.warmup().isZero()) {
            LatencyRecorder discard = new LatencyRecorder();
            sendPhase(spec, producer, topics, spec.warmup(), "warm-up", discard, false, null, null);
            warmUntilJitQuiet(spec, producer, topics);
        }
        LatencyRecorder latency = new LatencyRecorder();
        CpuSeconds cpu0 = cpuNow();
        Phase p = sendPhase(spec, producer, topics, spec.duration(), "measure", latency, false, null, null);
        CpuSeconds cpu = cpuSince(cpu0);
        return result(spec, p.acked, p.acked, p.errors, p.seconds, LatencySummary.ofNanos(latency.total()), cpu);
    }

    /**
     * Keeps warming up in windows of {@link JitSettle#STEP} until one in which neither the broker's
     * nor this JVM's JIT compiler threads were busy (see {@link JitSettle}), at most {@link
     * JitSettle#EXTRA_MAX}; says how long it took. Only when the broker is a process of its own
     * whose threads can be read: a test's in-process broker shares this JVM's compilers, and the
     * short warm-ups of tests are not meant to settle anything.
     */
    private void warmUntilJitQuiet(WorkloadSpec spec, LoadProducer producer, List<String> topics)
            throws InterruptedException {
        if (Double.isNaN(probe.compilerCpuSeconds())) {
            return; // no broker process to watch (the null broker, an in-process one, run without --pid)
        }
        long start = System.nanoTime();
        long deadline = start + JitSettle.EXTRA_MAX.toNanos();
        while (true) {
            double broker0 = probe.compilerCpuSeconds();
            double client0 = self.compilerCpuSeconds();
            long from = System.nanoTime();
            sendPhase(spec, producer, topics, JitSettle.STEP, "warm-up+", new LatencyRecorder(), false, null, null);
            double seconds = (System.nanoTime() - from) / 1e9;
            double broker = probe.compilerCpuSeconds() - broker0;
            double client = self.compilerCpuSeconds() - client0;
            boolean quiet = JitSettle.quiet(broker, client, seconds);
            if (quiet || System.nanoTime() - deadline >= 0) {
                out.printf(
                        "[%s %s] warm-up went on %.0f s until the JIT compilers %s (last %.0f s: broker's %.0f %%,"
                                + " load JVM's %.0f %% of a core)%n",
                        system,
                        spec.id(),
                        (System.nanoTime() - start) / 1e9,
                        quiet ? "were quiet" : "hit the bound, still compiling",
                        seconds,
                        100 * broker / seconds,
                        100 * client / seconds);
                return;
            }
        }
    }

    /**
     * w4. A warm-up pass first (when the spec has a warm-up): as many messages as the measured pass,
     * at most {@link #DRAIN_WARMUP_MAX}, filled into its own topic and drained by its own group, so
     * that the pull path of the broker and the consumer path of this JVM are compiled before the
     * measured pass; without it the first system of a comparison drains with a cold client and the
     * later ones with a warm one. A pass of a fifth of the count left the brokers compiling their
     * per-pull methods (about 6,000 pulls, short of C2's thresholds) during the measured pass, and
     * that compiling took CPU from the client on a small machine. Then {@link #DRAIN_PASSES}
     * measured passes, each on its own topic and group: {@code drainCount} filled, then drained.
     * The result is the pass with the median rate; one pass moved by ±20 % from run to run.
     */
    private WorkloadResult drain(WorkloadSpec spec, LoadProducer producer, String topic) throws Exception {
        if (!spec.warmup().isZero()) {
            String warmTopic = topic + "_warm";
            awaitFirstSend(producer, warmTopic, FIRST_SEND_TIMEOUT);
            long warm = Math.clamp(spec.drainCount(), 1, DRAIN_WARMUP_MAX);
            DrainPass w = drainPass(spec, producer, warmTopic, warm, "-drain-warm-", "warm-up");
            out.printf("[%s %s] warm-up drained %,d of %,d at %,.0f msg/s%n", system, spec.id(), w.got, warm, w.rate());
        }
        List<DrainPass> passes = new ArrayList<>();
        for (int i = 1; i <= DRAIN_PASSES; i++) {
            String passTopic = i == 1 ? topic : topic + "_" + i;
            if (i > 1) {
                awaitFirstSend(producer, passTopic, FIRST_SEND_TIMEOUT);
            }
            DrainPass p = drainPass(spec, producer, passTopic, spec.drainCount(), "-drain" + i + "-", "drain " + i);
            out.printf(
                    "[%s %s] drain pass %d of %d: %,d at %,.0f msg/s%n",
                    system, spec.id(), i, DRAIN_PASSES, p.got, p.rate());
            passes.add(p);
        }
        passes.sort(Comparator.comparingDouble(DrainPass::rate));
        DrainPass m = passes.get(passes.size() / 2);
        return result(spec, m.got, spec.drainCount(), 0, m.seconds, LatencySummary.EMPTY, m.cpu);
    }

    /** Messages drained, seconds from the first to the last, broker and load-JVM CPU seconds over the pass. */
    private record DrainPass(long got, double seconds, CpuSeconds cpu) {
        double rate() {
            return got / seconds;
        }
    }

    /**
     * Fills {@code count} messages into {@code topic} (one is there already from the first send)
     * and drains them with a new push consumer group reading from the first offset.
     */
    private DrainPass drainPass(
            WorkloadSpec spec, LoadProducer producer, String topic, long count, String groupInfix, String phase)
            throws Exception {
        long fillStart = System.nanoTime();
        prefill(spec, producer, topic, count - 1);
        out.printf(
                "[%s %s] pre-filled %,d messages in %,.1f s%n",
                system, spec.id(), count, (System.nanoTime() - fillStart) / 1e9);
        AtomicLong received = new AtomicLong();
        AtomicLong firstNs = new AtomicLong();
        AtomicLong lastNs = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        CpuSeconds cpu0 = cpuNow();
        long start = System.nanoTime();
        long seconds = Math.clamp(count / 2_000L, 60, 1800);
        try (var reporter = new ProgressReporter(
                        out, system + " " + spec.id(), phase, received::get, () -> 0, new LatencyRecorder());
                var consumer = client.pushConsumer(topicPrefix + groupInfix + spec.id(), topic, stamp -> {
                    long n = received.incrementAndGet();
                    if (n == 1) {
                        firstNs.set(System.nanoTime());
                    }
                    if (n == count) {
                        lastNs.set(System.nanoTime());
                        all.countDown();
                    }
                })) {
            if (!all.await(seconds, TimeUnit.SECONDS)) {
                out.printf("[%s %s] %s timed out after %,d of %,d%n", system, spec.id(), phase, received.get(), count);
            }
        }
        // the rate counts from the first message received: the consumer's start-up and first
        // rebalance (client-side, the same for every broker) are reported apart
        long end = lastNs.get() == 0 ? System.nanoTime() : lastNs.get(); // not the consumer's shutdown
        long from = firstNs.get() == 0 ? start : firstNs.get();
        out.printf(
                "[%s %s] %s: first message %,.0f ms after the consumer started%n",
                system, spec.id(), phase, (from - start) / 1e6);
        double elapsed = Math.max(1e-3, (end - from) / 1e9);
        return new DrainPass(Math.min(received.get(), count), elapsed, cpuSince(cpu0));
    }

    private WorkloadResult endToEnd(WorkloadSpec spec, LoadProducer producer, String topic) throws Exception {
        LatencyRecorder e2e = new LatencyRecorder();
        AtomicLong seen = new AtomicLong();
        AtomicLong received = new AtomicLong();
        // stamps from this time on belong to the measured phase (nothing is sent after it)
        AtomicLong measuredFromNs = new AtomicLong(Long.MAX_VALUE);
        try (var consumer = client.pushConsumer(topicPrefix + "-e2e-" + spec.id(), topic, stamp -> {
            long now = System.nanoTime();
            seen.incrementAndGet();
            if (stamp < measuredFromNs.get()) {
                return; // warm-up, or the unstamped first message
            }
            e2e.recordNanos(now - stamp);
            received.incrementAndGet();
        })) {
            awaitAtLeast(seen, 1, Duration.ofSeconds(60), "the consumer's first message");
            if (!spec.warmup().isZero()) {
                sendPhase(
                        spec,
                        producer,
                        List.of(topic),
                        spec.warmup(),
                        "warm-up",
                        new LatencyRecorder(),
                        true,
                        null,
                        null);
            }
            measuredFromNs.set(System.nanoTime());
            e2e.reset();
            CpuSeconds cpu0 = cpuNow();
            Phase p = sendPhase(
                    spec,
                    producer,
                    List.of(topic),
                    spec.duration(),
                    "measure",
                    new LatencyRecorder(),
                    true,
                    received::get,
                    e2e);
            awaitAtLeast(received, p.acked, Duration.ofMillis(DELIVERY_GRACE_MS), "delivery of every measured message");
            CpuSeconds cpu = cpuSince(cpu0);
            return result(spec, received.get(), p.acked, p.errors, p.seconds, LatencySummary.ofNanos(e2e.total()), cpu);
        }
    }

    private void awaitAtLeast(AtomicLong counter, long target, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < target) {
            if (System.nanoTime() - deadline > 0) {
                out.printf("[%s] gave up waiting for %s: %,d of %,d%n", system, what, counter.get(), target);
                return;
            }
            Thread.sleep(10);
        }
    }

    private record Phase(long acked, long errors, double seconds) {}

    /**
     * Sends from {@code spec.threads()} threads for {@code length}. Latency of each send is
     * measured from its intended start (paced) or actual start (unpaced) to its ack. With
     * {@code stamp}, each message carries its intended start for end-to-end latency.
     */
    private Phase sendPhase(
            WorkloadSpec spec,
            LoadProducer producer,
            List<String> topics,
            Duration length,
            String phase,
            LatencyRecorder latency,
            boolean stamp,
            LongSupplier progressCount,
            LatencyRecorder progressLatency)
            throws InterruptedException {
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean reported = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(Math.max(1, spec.maxInFlight()));
        byte[] body = new byte[spec.bodyBytes()];
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        Pacer pacer = new Pacer(spec.targetRate(), start, System::nanoTime);
        List<Thread> threads = new ArrayList<>();
        try (var reporter = new ProgressReporter(
                out,
                system + " " + spec.id(),
                phase,
                progressCount != null ? progressCount : acked::get,
                errors::get,
                progressLatency != null ? progressLatency : latency)) {
            for (int t = 0; t < spec.threads(); t++) {
                Thread thread = new Thread(
                        () -> {
                            for (long intended = pacer.awaitNext(deadline);
                                    intended >= 0;
                                    intended = pacer.awaitNext(deadline)) {
                                long seq = sequence.getAndIncrement();
                                List<BenchMessage> batch = batch(spec, topics, seq, body, stamp ? intended : -1);
                                sendOne(spec, producer, batch, intended, inFlight, latency, acked, errors, reported);
                            }
                        },
                        "bench-send-" + spec.id() + "-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            long joinDeadline = deadline + TimeUnit.MILLISECONDS.toNanos(2 * SEND_TIMEOUT_MS);
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            }
            if (spec.sendMode() == SendMode.ASYNC) {
                if (inFlight.tryAcquire(spec.maxInFlight(), 2 * SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    inFlight.release(spec.maxInFlight());
                } else {
                    out.printf("[%s %s] async sends still unanswered after the phase%n", system, spec.id());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (errors.get() > 0) {
            out.printf("[%s %s] %,d failed sends in %s%n", system, spec.id(), errors.get(), phase);
        }
        return new Phase(acked.get(), errors.get(), seconds);
    }

    private void sendOne(
            WorkloadSpec spec,
            LoadProducer producer,
            List<BenchMessage> batch,
            long intended,
            Semaphore inFlight,
            LatencyRecorder latency,
            AtomicLong acked,
            AtomicLong errors,
            AtomicBoolean reported) {
        int n = batch.size();
        try {
            switch (spec.sendMode()) {
                case SYNC -> {
                    producer.sendSync(batch);
                    latency.recordNanos(System.nanoTime() - intended);
                    acked.addAndGet(n);
                }
                case ONEWAY -> {
                    producer.sendOneway(batch.getFirst());
                    latency.recordNanos(System.nanoTime() - intended);
                    acked.incrementAndGet();
                }
                case ASYNC -> {
                    if (!inFlight.tryAcquire(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException("no async send answered for " + SEND_TIMEOUT_MS + " ms");
                    }
                    producer.sendAsync(batch, failure -> {
                        if (failure == null) {
                            latency.recordNanos(System.nanoTime() - intended);
                            acked.addAndGet(n);
                        } else {
                            failed(spec, failure, n, errors, reported);
                        }
                        inFlight.release();
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(spec, e, n, errors, reported);
        } catch (Exception e) {
            failed(spec, e, n, errors, reported);
        }
    }

    private void failed(WorkloadSpec spec, Throwable e, int n, AtomicLong errors, AtomicBoolean reported) {
        errors.addAndGet(n);
        if (reported.compareAndSet(false, true)) {
            out.printf("[%s %s] first failed send: %s%n", system, spec.id(), e);
        }
    }

    private static List<BenchMessage> batch(
            WorkloadSpec spec, List<String> topics, long seq, byte[] body, long stampNs) {
        String topic = topics.get((int) (seq % topics.size()));
        List<BenchMessage> batch = new ArrayList<>(spec.batch());
        for (int i = 0; i < spec.batch(); i++) {
            String key = spec.keys() ? "k" + seq + "-" + i : null;
            batch.add(new BenchMessage(topic, body, spec.tag(), key, stampNs));
        }
        return batch;
    }

    /**
     * Stores {@code count} messages with async batches, at most the spec's in-flight limit
     * unanswered. A batch that fails (a broker still warming up answers "busy") is sent again in
     * a later round, up to {@link #PREFILL_ROUNDS} rounds; the fill is not measured.
     */
    private void prefill(WorkloadSpec spec, LoadProducer producer, String topic, long count)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        byte[] body = new byte[spec.bodyBytes()];
        try (var reporter = new ProgressReporter(
                out, system + " " + spec.id(), "fill", done::get, failures::get, new LatencyRecorder())) {
            for (int round = 1; done.get() < count; round++) {
                if (round > PREFILL_ROUNDS) {
                    throw new IllegalStateException("pre-fill stored " + done.get() + " of " + count + " after "
                            + PREFILL_ROUNDS + " rounds; " + failures.get() + " batches failed");
                }
                fillRound(spec, producer, topic, count - done.get(), body, done, failures);
            }
        }
    }

    private void fillRound(
            WorkloadSpec spec,
            LoadProducer producer,
            String topic,
            long count,
            byte[] body,
            AtomicLong done,
            AtomicLong failures)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(spec.maxInFlight());
        for (long sent = 0; sent < count; sent += spec.batch()) {
            int n = (int) Math.min(spec.batch(), count - sent);
            List<BenchMessage> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(new BenchMessage(topic, body, null, null, -1));
            }
            if (!inFlight.tryAcquire(SEND_TIMEOUT_MS * 3, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pre-fill stalled: no batch answered for 30 s");
            }
            producer.sendAsync(batch, failure -> {
                if (failure == null) {
                    done.addAndGet(n);
                } else {
                    failures.incrementAndGet();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(spec.maxInFlight(), 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pre-fill did not finish");
        }
    }

    private WorkloadResult result(
            WorkloadSpec spec,
            long messages,
            long sent,
            long errors,
            double seconds,
            LatencySummary latency,
            CpuSeconds cpu) {
        double perMillion = perMillion(cpu.broker(), messages);
        double clientPerMillion = perMillion(cpu.client(), messages);
        WorkloadResult r = new WorkloadResult(
                system,
                spec.id(),
                messages,
                sent,
                errors,
                seconds,
                spec.bodyBytes(),
                latency,
                perMillion,
                probe.residentKb(),
                probe.anonymousKb(),
                clientPerMillion);
        out.printf(
                "[%s %s] done: %,d msgs in %.1f s = %,.0f msg/s, p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms,"
                        + " errors %,d, broker CPU %.1f s per M msgs (JIT compiling %.1f), load JVM CPU %.1f s per M"
                        + " msgs%n",
                system,
                spec.id(),
                messages,
                seconds,
                r.messagesPerSecond(),
                latency.p50Us() / 1e3,
                latency.p99Us() / 1e3,
                latency.p999Us() / 1e3,
                latency.maxUs() / 1e3,
                errors,
                perMillion,
                perMillion(cpu.brokerJit(), messages),
                clientPerMillion);
        return r;
    }

    private static double perMillion(double cpuSeconds, long messages) {
        return messages == 0 || Double.isNaN(cpuSeconds) ? Double.NaN : cpuSeconds * 1e6 / messages;
    }

    /**
     * CPU seconds of the broker and of this JVM (the load clients: producers, consumers, and, in an
     * authenticated run, the official client's request signing) at one moment or over a window.
     */
    private record CpuSeconds(double broker, double client, double brokerJit) {}

    private CpuSeconds cpuNow() {
        return new CpuSeconds(probe.cpuSeconds(), self.cpuSeconds(), probe.compilerCpuSeconds());
    }

    private CpuSeconds cpuSince(CpuSeconds start) {
        CpuSeconds now = cpuNow();
        return new CpuSeconds(
                now.broker() - start.broker(),
                now.client() - start.client(),
                Math.max(0, now.brokerJit() - start.brokerJit())); // a compiler thread that ended takes its CPU along
    }
}
