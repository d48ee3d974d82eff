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
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic failover as separate processes on 127.0.0.1 ({@link ProcessCluster}): one controller
 * peer, a name server and three brokers of one group in controller mode with SYNC replication. The official producer
 * sends; the master is killed with SIGKILL; a new master is elected and sends succeed again
 * through the official client; every message answered SEND_OK is in the new master's log; the
 * old master, restarted, comes back as a slave and its log equals the new master's byte for byte.
 */
@Timeout(150)
class ControllerFailoverProcessTest {
    private static final int SEGMENT = ProcessCluster.SEGMENT;
    private static final String TOPIC = "FailoverTopic";

    @TempDir
    Path dir;

    static byte[] body(String key) {
        return ("payload-" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void masterKilledNewMasterTakesOverAndTheOldOneReturnsAsSlave() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3_000)) {
            cluster.startAll(1, List.of("b0", "b1", "b2"));
            DefaultMQProducer producer = new DefaultMQProducer("pg-failover");
            producer.setNamesrvAddr(cluster.namesrvAddr());
            producer.setInstanceName("failover-" + System.nanoTime());
            producer.setSendMsgTimeout(3_000);
            producer.setRetryTimesWhenSendFailed(0);
            producer.setPollNameServerInterval(1_000); // one route refresh a second
            producer.start();
            Map<String, String> acked = new HashMap<>();
            try {
                String first = sendUntilOk(producer, "warm", 60, acked);
                String master = cluster.brokerAt(portOf(first));
                assertThat(master).isNotNull();
                for (int i = 0; i < 300; i++) {
                    sendCounting(producer, "before" + i, acked);
                }
                assertThat(acked).hasSizeGreaterThan(100); // a loaded machine fences the master for moments

                long killedAt = System.nanoTime();
                cluster.kill(master);
                String after = sendUntilOk(producer, "after", 30, acked);
                long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                String newMaster = cluster.brokerAt(portOf(after));
                System.out.println("FAILOVER_MS " + failoverMs + " from " + master + " to " + newMaster);
                assertThat(newMaster).isNotEqualTo(master);
                assertThat(failoverMs).isLessThan(15_000);
                for (int i = 0; i < 100; i++) {
                    sendCounting(producer, "later" + i, acked);
                }
                // every acknowledged message is in the new master's log at its offset
                assertAllIn(cluster.commitLog(newMaster), acked);

                // the old master returns as a slave and converges with the new master
                cluster.start(master);
                cluster.awaitOutput(master, "now slave of", 60);
                for (int i = 0; i < 20; i++) {
                    sendCounting(producer, "final" + i, acked);
                }
                long end = ReplicationProcessTest.logEnd(cluster.commitLog(newMaster));
                awaitSameLog(cluster.commitLog(newMaster), cluster.commitLog(master), end);
                assertAllIn(cluster.commitLog(master), acked);
                assertStatusFollowsRoles(producer, cluster.brokerAddr(newMaster), cluster.brokerAddr(master));
            } finally {
                producer.shutdown();
                cluster.printOutputs(
                        ".*(now master|now slave|sync-state set|fenced|log cut|master at epoch|slave of).*");
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
        // other processes: nothing to wait on but their answers
        Object[] last = {null};
        String[] okId = {null};
        int[] tries = {0};
        boolean ok = Await.until(Duration.ofSeconds(seconds), () -> {
            String key = prefix + tries[0]++;
            try {
                SendResult r = producer.send(new Message(TOPIC, "tag", key, body(key)));
                last[0] = r.getSendStatus();
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    acked.put(key, r.getOffsetMsgId());
                    okId[0] = r.getOffsetMsgId();
                }
            } catch (Exception e) {
                last[0] = e;
            }
            return okId[0] != null;
        });
        if (!ok) {
            throw new AssertionError("no SEND_OK within " + seconds + " s; last " + last[0]);
        }
        return okId[0];
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
        // another process's files, in many segments: checked again and again (bounded)
        String[] last = {""};
        boolean same = Await.until(Duration.ofSeconds(30), () -> {
            last[0] = difference(master, slave, end);
            return last[0] == null;
        });
        if (!same) {
            throw new AssertionError("logs differ: " + last[0]);
        }
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
