package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and a slave of one broker group, in process, driven with the official admin client:
 * metadata copies within a second, writes refused on the slave, and the operator views.
 */
@Timeout(60)
class ReplicaPairTest {
    @TempDir
    static Path dir;

    static ReplicaPair pair;
    static DefaultMQAdminExt admin;
    static NettyRemotingClient raw;

    @BeforeAll
    static void start() throws Exception {
        pair = ReplicaPair.start(dir, p -> {});
        admin = pair.admin();
        raw = new NettyRemotingClient(RemotingClientConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void topicCreatedOnMasterIsOnSlaveWithinOneSecond() throws Exception {
        CountDownLatch copied = new CountDownLatch(1);
        pair.slave.topics().addListener(t -> {
            if (t.topicName().equals("copied-topic")) {
                copied.countDown();
            }
        });
        TopicConfig topic = new TopicConfig("copied-topic", 3, 3, 6);
        long start = System.nanoTime();
        admin.createAndUpdateTopicConfig(pair.master.address(), topic);

        assertThat(copied.await(1, TimeUnit.SECONDS)).isTrue();
        System.out.printf("topic on slave after %.1f ms%n", (System.nanoTime() - start) / 1e6);
        TopicConfig onSlave = admin.examineTopicConfig(pair.slave.address(), "copied-topic");
        assertThat(onSlave.getReadQueueNums()).isEqualTo(3);
        assertThat(pair.slave.topics().dataVersion()).isNotNull();
        assertThat(Files.readString(
                        pair.dir.resolve("broker-1").resolve("config").resolve("topics.json")))
                .contains("copied-topic");

        admin.deleteTopicInBroker(Set.of(pair.master.address()), "copied-topic");
        Duration gone = ReplicaPair.await(
                Duration.ofSeconds(1), () -> !pair.slave.topics().contains("copied-topic"));
        System.out.printf("topic deletion on slave after %d ms%n", gone.toMillis());
    }

    @Test
    void groupsAndOffsetsReachTheSlaveWithinOneSecond() throws Exception {
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("copied-group");
        group.setRetryMaxTimes(7);
        admin.createAndUpdateSubscriptionGroupConfig(pair.master.address(), group);
        Duration groupTook = ReplicaPair.await(
                Duration.ofSeconds(1), () -> pair.slave.groups().get("copied-group") != null);
        assertThat(pair.slave.groups().get("copied-group").retryMaxTimes()).isEqualTo(7);

        pair.master.offsets().commit("copied-group", "offset-topic", 2, 42);
        Duration offsetTook = ReplicaPair.await(
                Duration.ofSeconds(1), () -> pair.slave.offsets().query("copied-group", "offset-topic", 2) == 42);
        System.out.printf(
                "group on slave after %d ms, offset after %d ms%n", groupTook.toMillis(), offsetTook.toMillis());

        admin.deleteSubscriptionGroup(pair.master.address(), "copied-group");
        ReplicaPair.await(Duration.ofSeconds(1), () -> pair.slave.groups().get("copied-group") == null);
    }

    @Test
    void aTopicChangedOnTheSlaveAloneIsPutBackToTheMastersWithinOneSecond() throws Exception {
        admin.createAndUpdateTopicConfig(pair.master.address(), new TopicConfig("both-topic", 2, 2, 6));
        ReplicaPair.await(Duration.ofSeconds(1), () -> pair.slave.topics().contains("both-topic"));

        admin.createAndUpdateTopicConfig(pair.slave.address(), new TopicConfig("both-topic", 5, 5, 6));
        admin.createAndUpdateTopicConfig(pair.slave.address(), new TopicConfig("slave-only-topic", 1, 1, 6));

        ReplicaPair.await(
                Duration.ofSeconds(1),
                () -> !pair.slave.topics().contains("slave-only-topic")
                        && pair.slave.topics().get("both-topic").readQueueNums() == 2);
    }

    @Test
    void manyTopicsCopyInPages() throws Exception {
        List<dev.skiff.remoting.protocol.body.TopicConfig> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(dev.skiff.remoting.protocol.body.TopicConfig.of("bulk-" + i, 4, 4, 6));
        }
        long bytesBefore = pair.slave.metadataCopier().bytesTotal();
        long start = System.nanoTime();
        pair.master.topics().createOrUpdateAll(many);
        Duration took = ReplicaPair.await(
                Duration.ofSeconds(10), () -> pair.slave.topics().contains("bulk-2499"));
        // the master adds the list under one lock and a copy replaces the slave's table whole: when
        // one topic of the list is there, every one is
        assertThat(pair.slave.topics().names())
                .containsAll(many.stream()
                        .map(dev.skiff.remoting.protocol.body.TopicConfig::topicName)
                        .toList());
        // topics the master makes by itself meanwhile (system topics) follow within a round or two
        ReplicaPair.await(
                Duration.ofSeconds(5),
                () -> pair.slave
                        .topics()
                        .names()
                        .containsAll(pair.master.topics().names()));
        System.out.printf(
                "2,500 topics on slave %d ms after the master's call returned (%.1f ms after it began), %d bytes"
                        + " fetched meanwhile%n",
                took.toMillis(),
                (System.nanoTime() - start) / 1e6,
                pair.slave.metadataCopier().bytesTotal() - bytesBefore);
        long rounds = pair.slave.metadataCopier().rounds();
        ReplicaPair.await(
                Duration.ofSeconds(2), () -> pair.slave.metadataCopier().rounds() >= rounds + 2);
        System.out.printf(
                "an idle round fetches %d bytes%n", pair.slave.metadataCopier().lastCopyBytes());
        pair.master.topics().replaceAll(withoutBulk(pair.master.topics().all()));
        ReplicaPair.await(Duration.ofSeconds(2), () -> !pair.slave.topics().contains("bulk-0"));
    }

    private static Map<String, dev.skiff.remoting.protocol.body.TopicConfig> withoutBulk(
            Collection<dev.skiff.remoting.protocol.body.TopicConfig> all) {
        Map<String, dev.skiff.remoting.protocol.body.TopicConfig> kept = new LinkedHashMap<>();
        all.stream().filter(t -> !t.topicName().startsWith("bulk-")).forEach(t -> kept.put(t.topicName(), t));
        return kept;
    }

    @Test
    void masterAnswersTheOfficialCopyRequestsInTheOfficialForm() throws Exception {
        pair.master.offsets().commit("form-group", "form-topic", 0, 9);
        RemotingCommand offsets = raw.invokeSync(
                pair.master.address(), RemotingCommand.request(RequestCode.GET_ALL_CONSUMER_OFFSET), 5_000);
        assertThat(offsets.code()).isEqualTo(ResponseCode.SUCCESS.code());
        ConsumerOffsetSerializeWrapper wrapper =
                RemotingSerializable.decode(offsets.body(), ConsumerOffsetSerializeWrapper.class);
        assertThat(wrapper.getOffsetTable().get("form-topic@form-group")).containsEntry(0, 9L);

        RemotingCommand delays =
                raw.invokeSync(pair.master.address(), RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET), 5_000);
        assertThat(delays.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(new String(delays.body(), StandardCharsets.UTF_8)).contains("\"offsetTable\":{1:0");
    }

    @Test
    void sendsAndSendBacksToTheSlaveAreRefusedAsTheOfficialSlaveDoes() throws Exception {
        for (int code : new int[] {
            RequestCode.SEND_MESSAGE,
            RequestCode.SEND_MESSAGE_V2,
            RequestCode.SEND_BATCH_MESSAGE,
            RequestCode.CONSUMER_SEND_MSG_BACK,
            RequestCode.PULL_MESSAGE
        }) {
            RemotingCommand answer = raw.invokeSync(pair.slave.address(), RemotingCommand.request(code), 5_000);
            assertThat(answer.code()).as("code %d", code).isEqualTo(ResponseCode.SYSTEM_BUSY.code());
            assertThat(answer.remark()).isEqualTo(SlaveRefusal.REMARK);
        }
        RemotingCommand onMaster =
                raw.invokeSync(pair.master.address(), RemotingCommand.request(RequestCode.SEND_MESSAGE), 5_000);
        assertThat(onMaster.code()).isNotEqualTo(ResponseCode.SYSTEM_BUSY.code());
    }

    @Test
    void clusterInfoHaStatusAndBrokerStatusShowTheSlave() throws Exception {
        // the in-sync set is a rule over the slave's reports: no event to wait on
        Await.holdsWithin(
                Duration.ofSeconds(30), () -> pair.master.replication().inSyncSlaves() >= 1);
        assertThat(pair.master.replication().inSyncSlaves()).isEqualTo(1);
        ClusterInfo cluster = admin.examineBrokerClusterInfo();
        assertThat(cluster.getBrokerAddrTable().get(pair.brokerName).getBrokerAddrs())
                .containsEntry(0L, pair.master.address())
                .containsEntry(1L, pair.slave.address());

        HARuntimeInfo onMaster = admin.getBrokerHAStatus(pair.master.address());
        assertThat(onMaster.isMaster()).isTrue();
        assertThat(onMaster.getMasterCommitLogMaxOffset())
                .isEqualTo(pair.master.store().commitLogMaxOffset());
        assertThat(onMaster.getHaConnectionInfo()).hasSize(1);
        assertThat(onMaster.getHaConnectionInfo().get(0).isInSync()).isTrue();
        assertThat(onMaster.getInSyncSlaveNums()).isEqualTo(1);

        HARuntimeInfo onSlave = admin.getBrokerHAStatus(pair.slave.address());
        assertThat(onSlave.isMaster()).isFalse();
        assertThat(onSlave.getHaClientRuntimeInfo().getMasterAddr()).isEqualTo(pair.master.address());
        assertThat(onSlave.getHaClientRuntimeInfo().getMaxOffset())
                .isEqualTo(pair.slave.store().commitLogMaxOffset());

        KVTable slaveStatus = admin.fetchBrokerRuntimeStats(pair.slave.address());
        assertThat(slaveStatus.getTable())
                .containsEntry("brokerRole", "SLAVE")
                .containsEntry("haMasterAddr", pair.master.address())
                .containsKey("msgPutTotalTodayNow");
        KVTable masterStatus = admin.fetchBrokerRuntimeStats(pair.master.address());
        assertThat(masterStatus.getTable())
                .containsEntry("brokerRole", "SYNC_MASTER")
                .containsEntry("haSlaveNum", "1");
    }
}
