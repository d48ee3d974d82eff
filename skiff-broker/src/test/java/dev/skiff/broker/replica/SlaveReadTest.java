package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.BrokerServer;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.PullMessageRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads from a slave that copied its master's log over the HA port. The master dies before the
 * slave's metadata copier has seen the topic: the slave serves the topic it learned from the log
 * ({@link TopicLearner}). The copier is stopped before the topic is created, so the race that once
 * left the slave refusing the data it held (one run in three) is taken every time.
 */
@Timeout(90)
class SlaveReadTest {
    private static final String TOPIC = "slave-read";
    private static final int MESSAGES = 20;

    @TempDir
    Path dir;

    @Test
    void consumersReadATopicTheSlaveOnlyKnowsFromTheReplicatedLogWhenTheMasterIsGone() throws Exception {
        try (ReplicaPair pair = new ReplicaPair(dir);
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            pair.master = pair.startBroker(0, p -> {
                p.setProperty("slaveReadEnable", "true");
                p.setProperty("accessMessageInMemoryMaxRatio", "0"); // every read counts as far behind
            });
            pair.slave = pair.startBroker(1, p -> p.setProperty("slaveReadEnable", "true"));
            ReplicaPair.await(
                    Duration.ofSeconds(30), // the slave is in sync
                    () -> pair.master.replication().inSyncSlaves() == 1);
            pair.slave.metadataCopier().close(); // from here on the slave knows topics only from the log
            produce(pair);
            ReplicaPair.await(
                    Duration.ofSeconds(30), // the slave holds the master's log
                    () -> pair.slave.store().commitLogMaxOffset()
                            == pair.master.store().commitLogMaxOffset());
            ReplicaPair.await(
                    Duration.ofSeconds(30), // the slave learned the topic from the log
                    () -> pair.slave.topics().contains(TOPIC));

            RemotingCommand onMaster = raw.invokeSync(pair.master.address(), pull("probe", 0), 10_000);
            assertThat(onMaster.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(PullMessageResponseHeader.decode(onMaster.fields()).suggestWhichBrokerId())
                    .isEqualTo(1);

            pair.master.close();
            pair.master = null;

            consumeFromSlave(pair);
        }
    }

    @Test
    void aSlaveSendsACaughtUpPullBackToItsOnlineMaster() throws Exception {
        try (ReplicaPair pair = ReplicaPair.start(dir, p -> p.setProperty("slaveReadEnable", "true"));
                NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            DefaultMQAdminExt admin = pair.admin();
            try {
                admin.createAndUpdateTopicConfig(pair.master.address(), new TopicConfig(TOPIC, 1, 1, 6));
            } finally {
                admin.shutdown();
            }
            ReplicaPair.await(Duration.ofSeconds(2), () -> pair.slave.topics().contains(TOPIC));

            RemotingCommand onSlave = raw.invokeSync(pair.slave.address(), pull("caught-up", 0), 10_000);

            assertThat(onSlave.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY.code());
            assertThat(PullMessageResponseHeader.decode(onSlave.fields()).suggestWhichBrokerId())
                    .isZero();
        }
    }

    private static void produce(ReplicaPair pair) throws Exception {
        DefaultMQAdminExt admin = pair.admin();
        try {
            admin.createAndUpdateTopicConfig(pair.master.address(), new TopicConfig(TOPIC, 2, 2, 6));
            // The producer must see the topic's own route, not the auto-creation template's.
            ReplicaPair.awaitRouted(admin, TOPIC);
        } finally {
            admin.shutdown();
        }
        DefaultMQProducer producer = new DefaultMQProducer("slave-read-producer");
        producer.setNamesrvAddr(pair.namesrv.address());
        producer.setInstanceName("srp-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        try {
            for (int i = 0; i < MESSAGES; i++) {
                Message m = new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        } finally {
            producer.shutdown();
        }
    }

    private static void consumeFromSlave(ReplicaPair pair) throws Exception {
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(MESSAGES);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("slave-readers");
        consumer.setNamesrvAddr(pair.namesrv.address());
        consumer.setInstanceName("src-" + System.nanoTime());
        consumer.setPollNameServerInterval(1_000);
        consumer.setHeartbeatBrokerInterval(1_000);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> {
                if (bodies.add(new String(m.getBody(), StandardCharsets.UTF_8))) {
                    all.countDown();
                }
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(bodies).hasSize(MESSAGES);
            BrokerServer slave = pair.slave;
            // With the master gone the client commits its offsets to the slave, which keeps them.
            ReplicaPair.await(
                    Duration.ofSeconds(10),
                    () -> slave.offsets().query("slave-readers", TOPIC, 0)
                                    + slave.offsets().query("slave-readers", TOPIC, 1)
                            == MESSAGES);
        } finally {
            consumer.shutdown();
        }
    }

    private static RemotingCommand pull(String group, long offset) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        group,
                        TOPIC,
                        0,
                        offset,
                        32,
                        PullMessageRequestHeader.FLAG_SUBSCRIPTION,
                        0,
                        0,
                        "*",
                        0,
                        "TAG",
                        null,
                        null));
    }
}
