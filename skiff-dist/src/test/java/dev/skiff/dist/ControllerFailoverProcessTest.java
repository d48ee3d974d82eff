package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic failover as separate processes on 127.0.0.1: one controller peer, a name server and
 * three brokers of one group in controller mode with SYNC replication. The official producer
 * sends; the master is killed with SIGKILL; a new master is elected and sends succeed again
 * through the official client; every message answered SEND_OK is in the new master's log; the
 * old master, restarted, comes back as a slave and its log equals the new master's byte for byte.
 */
@Timeout(150)
class ControllerFailoverProcessTest {
    private static final int SEGMENT = 2 << 20;
    private static final String TOPIC = "FailoverTopic";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private int namesrvPort;
    private int controllerPort;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Path config(String name, int port) throws IOException {
        Path cfg = dir.resolve(name + ".properties");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "brokerName=broker-c",
                        "brokerRole=SYNC_MASTER",
                        "enableControllerMode=true",
                        "controllerAddr=127.0.0.1:" + controllerPort,
                        "controllerHeartBeatTimeoutMills=3000",
                        "brokerHeartbeatInterval=500",
                        "syncBrokerMetadataPeriod=1000",
                        "listenHost=127.0.0.1",
                        "brokerIP1=127.0.0.1",
                        "listenPort=" + port,
                        "haListenPort=" + (port + 1),
                        "namesrvAddr=127.0.0.1:" + namesrvPort,
                        "storePathRootDir=" + dir.resolve(name),
                        "mappedFileSizeCommitLog=" + SEGMENT,
                        "maxMessageSize=524288",
                        "registerNameServerPeriod=1000",
                        "inSyncReplicas=2",
                        "minInSyncReplicas=2",
                        "syncFlushTimeout=3000",
                        "haSendHeartbeatInterval=500",
                        "haHousekeepingInterval=5000",
                        ""));
        return cfg;
    }

    private Process start(String name, Path out, String... args) throws Exception {
        Process p = ChildSkiff.start(dir, out, 256, args);
        processes.add(p);
        return p;
    }

    static byte[] body(String key) {
        return ("payload-" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void masterKilledNewMasterTakesOverAndTheOldOneReturnsAsSlave() throws Exception {
        controllerPort = ChildSkiff.freePort();
        Path cout = dir.resolve("controller.out");
        Process controller = start(
                "controller",
                cout,
                "controller",
                "--id",
                "n0",
                "--listen",
                "127.0.0.1:" + controllerPort,
                "--peers",
                "n0=127.0.0.1:" + ChildSkiff.freePort(),
                "--data",
                dir.resolve("ctrl").toString(),
                "--heartbeat-timeout-ms",
                "3000");
        namesrvPort = ChildSkiff.freePort();
        Path nout = dir.resolve("namesrv.out");
        Process namesrv = start("namesrv", nout, "namesrv", "--listen", "127.0.0.1:" + namesrvPort);
        ChildSkiff.awaitOutput(controller, cout, "listening on", 60);
        ChildSkiff.awaitOutput(namesrv, nout, "listening on", 30);

        Map<Integer, String> names = new HashMap<>();
        Map<String, Path> configs = new HashMap<>();
        Map<String, Process> brokers = new HashMap<>();
        Map<String, Path> outs = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            int port = ChildSkiff.freePort();
            String name = "b" + i;
            names.put(port, name);
            configs.put(name, config(name, port));
            Path out = dir.resolve(name + ".out");
            outs.put(name, out);
            brokers.put(
                    name,
                    start(name, out, "broker", "--config", configs.get(name).toString()));
        }
        for (String name : brokers.keySet()) {
            ChildSkiff.awaitOutput(brokers.get(name), outs.get(name), "serving at", 60);
        }

        DefaultMQProducer producer = new DefaultMQProducer("pg-failover");
        producer.setNamesrvAddr("127.0.0.1:" + namesrvPort);
        producer.setInstanceName("failover-" + System.nanoTime());
        producer.setSendMsgTimeout(3_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setPollNameServerInterval(1_000); // one route refresh a second
        producer.start();
        Map<String, String> acked = new HashMap<>();
        try {
            String first = sendUntilOk(producer, "warm", 60, acked);
            String master = names.get(portOf(first));
            assertThat(master).isNotNull();
            for (int i = 0; i < 300; i++) {
                String key = "before" + i;
                sendCounting(producer, key, acked);
            }
            assertThat(acked).hasSizeGreaterThan(100); // a loaded machine fences the master for moments

            long killedAt = System.nanoTime();
            brokers.get(master).destroyForcibly();
            assertThat(brokers.get(master).waitFor(20, TimeUnit.SECONDS)).isTrue();
            String after = sendUntilOk(producer, "after", 30, acked);
            long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            String newMaster = names.get(portOf(after));
            System.out.println("FAILOVER_MS " + failoverMs + " from " + master + " to " + newMaster);
            assertThat(newMaster).isNotEqualTo(master);
            assertThat(failoverMs).isLessThan(15_000);
            for (int i = 0; i < 100; i++) {
                String key = "later" + i;
                sendCounting(producer, key, acked);
            }
            // every acknowledged message is in the new master's log at its offset
            assertAllIn(dir.resolve(newMaster + "/commitlog"), acked);

            // the old master returns as a slave and converges with the new master
            Path out2 = dir.resolve(master + "-again.out");
            outs.put(master + "-again", out2);
            Process again = start(
                    master, out2, "broker", "--config", configs.get(master).toString());
            ChildSkiff.awaitOutput(again, out2, "now slave of", 60);
            for (int i = 0; i < 20; i++) {
                String key = "final" + i;
                sendCounting(producer, key, acked);
            }
            long end = ReplicationProcessTest.logEnd(dir.resolve(newMaster + "/commitlog"));
            awaitSameLog(dir.resolve(newMaster + "/commitlog"), dir.resolve(master + "/commitlog"), end);
            assertAllIn(dir.resolve(master + "/commitlog"), acked);
            assertStatusFollowsRoles(producer, addressOf(names, newMaster), addressOf(names, master));
        } finally {
            producer.shutdown();
            for (Path out : outs.values()) {
                for (String line : ChildSkiff.read(out).split("\n")) {
                    if (line.matches(
                            ".*(now master|now slave|sync-state set|fenced|log cut|master at epoch|slave of).*")) {
                        System.out.println(out.getFileName() + ": " + line);
                    }
                }
            }
        }
    }

    /**
     * {@code haStatus} and the runtime info answer for the role a broker has now, not the one it
     * started with: both brokers started undecided (configured SYNC_MASTER), one was promoted, the
     * other came back as its slave.
     */
    @SuppressWarnings("deprecation") // the admin calls are reached through the client's impl accessor
    private static void assertStatusFollowsRoles(DefaultMQProducer producer, String newMaster, String oldMaster)
            throws Exception {
        MQClientAPIImpl api =
                producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        HARuntimeInfo promoted = api.getBrokerHAStatus(newMaster, 3_000);
        assertThat(promoted.isMaster()).isTrue();
        assertThat(promoted.getHaConnectionInfo())
                .as("slaves connected to the promoted master")
                .isNotEmpty();
        assertThat(api.getBrokerRuntimeInfo(newMaster, 3_000).getTable()).containsEntry("brokerRole", "SYNC_MASTER");
        HARuntimeInfo returned = api.getBrokerHAStatus(oldMaster, 3_000);
        assertThat(returned.isMaster()).isFalse();
        assertThat(returned.getHaClientRuntimeInfo().getMasterAddr()).isNotBlank();
        assertThat(returned.getHaClientRuntimeInfo().getMaxOffset()).isPositive();
        assertThat(api.getBrokerRuntimeInfo(oldMaster, 3_000).getTable()).containsEntry("brokerRole", "SLAVE");
    }

    private static String addressOf(Map<Integer, String> names, String name) {
        return names.entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(e -> "127.0.0.1:" + e.getKey())
                .findFirst()
                .orElseThrow();
    }

    /**
     * One send; a refusal (e.g. a master fenced for a moment on a loaded machine: its 3 s lease
     * passed without a controller answer) is no acknowledgement and is not counted as one.
     */
    private static void sendCounting(DefaultMQProducer producer, String key, Map<String, String> acked) {
        try {
            SendResult r = producer.send(new Message(TOPIC, "tag", key, body(key)));
            if (r.getSendStatus() == SendStatus.SEND_OK) {
                acked.put(key, r.getOffsetMsgId());
            }
        } catch (Exception e) {
            System.out.println("send " + key + " failed: " + e.getMessage());
        }
    }

    static int portOf(String offsetMsgId) {
        return OffsetMessageId.decode(offsetMsgId).storeHost().port();
    }

    /** Sends until one send is SEND_OK (bounded); returns its offset message id. */
    private static String sendUntilOk(DefaultMQProducer producer, String prefix, int seconds, Map<String, String> acked)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Object last = null;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            String key = prefix + i;
            try {
                SendResult r = producer.send(new Message(TOPIC, "tag", key, body(key)));
                last = r.getSendStatus();
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    acked.put(key, r.getOffsetMsgId());
                    return r.getOffsetMsgId();
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100); // other processes: nothing to wait on but their answers
        }
        throw new AssertionError("no SEND_OK within " + seconds + " s; last " + last);
    }

    static void assertAllIn(Path commitLog, Map<String, String> acked) throws IOException {
        for (Map.Entry<String, String> e : acked.entrySet()) {
            long offset = OffsetMessageId.decode(e.getValue()).physicalOffset();
            Path seg = commitLog.resolve(String.format("%020d", offset - offset % SEGMENT));
            assertThat(seg).as("segment of %s", e.getKey()).exists();
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "r")) {
                ByteBuffer b = f.getChannel().map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, f.length());
                StoredMessage m = StoredRecordDecoder.decode(b, (int) (offset % SEGMENT));
                assertThat(m.property("KEYS")).as("record at %d", offset).isEqualTo(e.getKey());
                assertThat(m.body()).isEqualTo(body(e.getKey()));
            }
        }
    }

    static void awaitSameLog(Path master, Path slave, long end) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = difference(master, slave, end);
            if (last == null) {
                return;
            }
            Thread.sleep(100); // another process: nothing to wait on but its files
        }
        throw new AssertionError("logs differ: " + last);
    }

    private static String difference(Path master, Path slave, long end) throws IOException {
        for (long start = 0; start < end; start += SEGMENT) {
            String name = String.format("%020d", start);
            Path s = slave.resolve(name);
            if (!Files.exists(s)) {
                return "no segment " + name;
            }
            int len = (int) Math.min(SEGMENT, end - start);
            byte[] a = java.util.Arrays.copyOf(Files.readAllBytes(master.resolve(name)), len);
            byte[] b = java.util.Arrays.copyOf(Files.readAllBytes(s), len);
            int at = java.util.Arrays.mismatch(a, b);
            if (at >= 0) {
                return "segment " + name + " differs at " + at;
            }
        }
        return null;
    }
}
