package dev.skiff.dist;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The client side of a partition test, run as a child JVM inside a network namespace (the test's
 * own JVM, in the host's namespace, cannot reach the namespaces). Two modes:
 *
 * <ul>
 *   <li>{@code load NAMESRV TOPIC PREFIX JOURNAL STOPFILE ADDR,ADDR,...}: an official producer sends
 *       {@code PREFIX0, PREFIX1, ...} all the time ({@link FailoverLoad}), and one thread per
 *       broker address sends a message straight to that broker every {@value #DIRECT_PAUSE_MS} ms
 *       (SEND_MESSAGE_V2 over Skiff remoting, so a broker the name server no longer routes to is
 *       still asked). Every outcome is a journal line, flushed at once. Ends (writing {@code END})
 *       when STOPFILE exists.
 *   <li>{@code consume NAMESRV TOPIC EXPECTED RESULT SECONDS}: an official push consumer reads
 *       TOPIC from the first offset until every key listed in EXPECTED (one a line) was seen, or
 *       SECONDS passed, plus {@value #LINGER_MS} ms for late duplicates; RESULT gets {@code key
 *       count} for every key seen, then {@code END}.
 * </ul>
 *
 * Journal lines (space separated; times are {@link System#nanoTime}, the same clock in every JVM
 * on one Linux machine):
 *
 * <pre>
 *   SEND   startNanos endNanos key status  storeHost|-  offsetMsgId|-   status: SendStatus name or ERROR
 *   DIRECT startNanos endNanos key code    addr         offsetMsgId|-   code: response code, -1 no answer
 *   END
 * </pre>
 */
final class PartitionClient {
    static final long DIRECT_PAUSE_MS = 250;
    static final long LINGER_MS = 2_000;
    /** The longest a load runs without the test's stop file. */
    static final Duration LOAD_MAX = Duration.ofMinutes(30);

    static final long DIRECT_TIMEOUT_MS = 5_000;

    private PartitionClient() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]), args[6]);
            case "consume" -> consume(args[1], args[2], Path.of(args[3]), Path.of(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("mode load|consume, not " + args[0]);
        }
        System.exit(0); // the official client leaves non-daemon threads behind
    }

    private static void load(String namesrv, String topic, String prefix, Path journal, Path stop, String addrs)
            throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8)) {
            Journal j = new Journal(out);
            NettyRemotingClient remoting = new NettyRemotingClient(RemotingClientConfig.defaults());
            List<Thread> probes = new ArrayList<>();
            AtomicBoolean stopped = new AtomicBoolean();
            try (FailoverLoad producer = new FailoverLoad(
                    namesrv,
                    topic,
                    prefix,
                    (key, start, end, status, id, error) ->
                            j.line("SEND", start, end, key, status, id == null ? "-" : storeHost(id), dash(id)))) {
                producer.begin();
                for (String addr : addrs.split(",")) {
                    Thread t = new Thread(() -> probe(remoting, topic, addr, j, stopped), "direct-" + addr);
                    t.setDaemon(true);
                    t.start();
                    probes.add(t);
                }
                // the test's JVM says stop by creating a file: woken when it appears; a load left
                // running past LOAD_MAX (its test gone) stops by itself
                if (!Await.fileShows(stop, LOAD_MAX, () -> Files.exists(stop))) {
                    System.err.println("no stop file within " + LOAD_MAX + ": stopping");
                }
                stopped.set(true);
                producer.halt();
                for (Thread t : probes) {
                    t.join(DIRECT_TIMEOUT_MS + 1_000);
                }
            } finally {
                remoting.shutdown();
            }
            j.end();
        }
    }

    private static void probe(NettyRemotingClient remoting, String topic, String addr, Journal j, AtomicBoolean stop) {
        for (int i = 0; !stop.get(); i++) {
            String key = "direct-" + addr.replace(':', '_') + "-" + i;
            long start = System.nanoTime();
            int code;
            String id = null;
            try {
                RemotingCommand r = remoting.invokeSync(addr, directSend(topic, key), DIRECT_TIMEOUT_MS);
                code = r.code();
                id = r.extField("msgId");
            } catch (Exception e) {
                code = -1; // no answer is no acknowledgement either
            }
            j.line("DIRECT", start, System.nanoTime(), key, Integer.toString(code), addr, dash(id));
            try {
                Thread.sleep(DIRECT_PAUSE_MS); // a pace, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A SEND_MESSAGE_V2 request for {@code key} to queue 0 of {@code topic}, as the official client frames it. */
    static RemotingCommand directSend(String topic, String key) {
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                "pg-direct",
                topic,
                "TBW102",
                4,
                0,
                0,
                System.currentTimeMillis(),
                0,
                "KEYS\u0001" + key + "\u0002",
                0,
                false,
                null,
                null,
                null);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header.asV2())
                .body(ControllerFailoverProcessTest.body(key));
    }

    /** {@code host:port} of the broker that stored the record an offset message id names. */
    static String storeHost(String offsetMsgId) {
        HostAddress h = OffsetMessageId.decode(offsetMsgId).storeHost();
        try {
            return InetAddress.getByAddress(h.ip()).getHostAddress() + ":" + h.port();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(offsetMsgId, e);
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static void consume(String namesrv, String topic, Path expectedFile, Path result, int seconds)
            throws Exception {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(new HashSet<>(Files.readAllLines(expectedFile)));
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(missing.isEmpty() ? 0 : 1);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("cg-partition-" + System.nanoTime());
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("partition-consumer-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                seen.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet();
                missing.remove(m.getKeys());
            }
            if (missing.isEmpty()) {
                all.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            all.await(seconds, TimeUnit.SECONDS);
            Thread.sleep(LINGER_MS); // late duplicates would arrive now: a fixed window, not a condition
            List<String> lines = new ArrayList<>();
            seen.forEach((k, c) -> lines.add(k + " " + c.get()));
            lines.add("END");
            Files.write(result, lines, StandardCharsets.UTF_8); // before the client's shutdown, which may fail
        } finally {
            consumer.shutdown();
        }
    }

    /** The journal writer, shared by the sending threads. */
    private static final class Journal {
        private final BufferedWriter out;

        Journal(BufferedWriter out) {
            this.out = out;
        }

        synchronized void line(String kind, long start, long end, String key, String what, String where, String id) {
            try {
                out.write(kind + " " + start + " " + end + " " + key + " " + what + " " + where + " " + id + "\n");
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void end() throws IOException {
            out.write("END\n");
            out.flush();
        }
    }

    /** One parsed journal line. */
    record Entry(String kind, long startNanos, long endNanos, String key, String what, String where, String id) {
        boolean acknowledged() {
            return kind.equals("SEND") ? what.equals("SEND_OK") : what.equals("0");
        }
    }

    /** The complete lines of a journal written so far (a line still being written is left out). */
    static List<Entry> read(Path journal) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(journal)) {
            return entries;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n');
        if (complete < 0) {
            return entries;
        }
        for (String line : text.substring(0, complete).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 7) {
                entries.add(new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4], f[5], f[6]));
            }
        }
        return entries;
    }

    static boolean ended(Path journal) throws IOException {
        return Files.exists(journal)
                && Files.readString(journal, StandardCharsets.UTF_8).endsWith("END\n");
    }
}
