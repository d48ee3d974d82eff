package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.BrokerServer;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slave copies its master's timer checkpoint (GET_TIMER_CHECK_POINT); started later as master on
 * the same data, it fires the timers that were still pending, on time, and not again those the old
 * master fired.
 */
class TimerFailoverTest {
    private static final String TOPIC = "TimerFailover";

    @TempDir
    Path dir;

    @Test
    void aPromotedSlaveFiresThePendingTimersAndNotTheFiredOnesAgain() throws Exception {
        ReplicaPair pair = ReplicaPair.start(dir, p -> {});
        BrokerServer promoted = null;
        try {
            DefaultMQAdminExt admin = pair.admin();
            try {
                admin.createAndUpdateTopicConfig(pair.master.address(), new TopicConfig(TOPIC, 1, 1, 6));
                ReplicaPair.awaitRouted(admin, TOPIC);
            } finally {
                admin.shutdown();
            }
            DefaultMQProducer producer = new DefaultMQProducer("pg-timer-failover");
            producer.setNamesrvAddr(pair.namesrv.address());
            producer.setInstanceName("tf-" + System.nanoTime());
            producer.start();
            long nowMs = System.currentTimeMillis();
            long soonMs = nowMs + 1_500;
            long laterMs = nowMs + 15_000;
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(producer.send(timed("soon-" + i, soonMs)).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                    assertThat(producer.send(timed("later-" + i, laterMs)).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                }
            } finally {
                producer.shutdown();
            }
            MessageStore masterStore = pair.master.store();
            MessageStore slaveStore = pair.slave.store();
            ReplicaPair.await(Duration.ofSeconds(10), () -> bodies(masterStore).size() == 3);
            ReplicaPair.await(Duration.ofSeconds(10), () -> bodies(slaveStore).size() == 3);
            // the copied checkpoint must show the soon ones' slot (their time rounded up to the 1 s
            // slot) as fired; an older copy leaves them inside the documented at-least-once window
            long soonSlotStartMs = (soonMs + 999) / 1_000 * 1_000;
            ReplicaPair.await(Duration.ofSeconds(10), () -> adoptedDequeueMs(pair.slave) > soonSlotStartMs);
            assertThat(pair.slave.timer().copyState())
                    .as("same slot width on both: the copy is taken")
                    .isEqualTo("copied from " + pair.master.address());
            assertThat(bodies(masterStore))
                    .as("the premise: only the soon ones fired before the failover")
                    .containsExactlyInAnyOrder("soon-0", "soon-1", "soon-2");
            assertThat(System.currentTimeMillis())
                    .as("the premise: the later ones are still pending")
                    .isLessThan(laterMs);

            String slaveData = dir.resolve("broker-1").toString();
            pair.master.close();
            pair.master = null;
            pair.slave.close();
            pair.slave = null;
            promoted = pair.startBroker(0, p -> {
                p.setProperty("storePathRootDir", slaveData);
                p.setProperty("brokerRole", "ASYNC_MASTER");
            });
            BrokerServer master = promoted;
            ReplicaPair.await(
                    Duration.ofSeconds(30), () -> bodies(master.store()).size() >= 6);
            ReplicaPair.await(Duration.ofSeconds(5), () -> master.timer().pendingCount() == 0);
            List<StoredMessage> out = messages(master.store());
            assertThat(out.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)))
                    .as("each timer once: the soon ones from the old master, the later ones from the new")
                    .containsExactlyInAnyOrder("soon-0", "soon-1", "soon-2", "later-0", "later-1", "later-2");
            assertThat(master.timer().deliveredCount()).isEqualTo(3);
            for (StoredMessage m : out) {
                if (new String(m.body(), StandardCharsets.UTF_8).startsWith("later")) {
                    assertThat(m.storeTimestampMs()).as("not early").isGreaterThanOrEqualTo(laterMs);
                }
            }
        } finally {
            if (promoted != null) {
                promoted.close();
            }
            pair.close();
        }
    }

    private static Message timed(String body, long atMs) {
        Message m = new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8));
        m.setDeliverTimeMs(atMs);
        return m;
    }

    private static long adoptedDequeueMs(BrokerServer slave) {
        byte[] body = slave.timer().checkpointForSlave();
        return body == null ? -1 : ByteBuffer.wrap(body).getLong(0);
    }

    private static List<String> bodies(MessageStore store) {
        return messages(store).stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<StoredMessage> messages(MessageStore store) {
        List<StoredMessage> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            try (GetResult r = store.getMessages(TOPIC, 0, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
                if (r.records().isEmpty()) {
                    return out;
                }
                for (SelectedRecord rec : r.records()) {
                    out.add(StoredRecordDecoder.decode(
                            rec.buffer(), rec.buffer().position()));
                    offset = rec.queueOffset() + 1;
                }
            }
        }
    }
}
