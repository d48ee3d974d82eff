package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.header.QueryMessageRequestHeader;
import dev.skiff.remoting.protocol.header.ViewMessageRequestHeader;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.engine.DefaultMessageStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.BrokerStatsData;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ConsumeQueueData;
import org.apache.rocketmq.remoting.protocol.body.ConsumeStatsList;
import org.apache.rocketmq.remoting.protocol.body.GroupList;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.ProducerTableInfo;
import org.apache.rocketmq.remoting.protocol.body.QueryConsumeQueueResponseBody;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicList;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official admin tool ({@code DefaultMQAdminExt} of rocketmq-tools) against a Skiff broker:
 * every admin and query request mqadmin uses for topics, groups, offsets, messages and the broker
 * itself, plus the broker's answers to bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private SkiffTestCluster cluster;
    private DefaultMQAdminExt admin;
    private DefaultMQProducer producer;
    private String addr;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = SkiffTestCluster.start(dir);
        addr = cluster.brokerAddr();
        admin = admin(2000);
        producer = OfficialClients.producer(cluster, "pg-admin");
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private DefaultMQAdminExt admin(int pageSize) throws Exception {
        return OfficialClients.admin(cluster, pageSize);
    }

    @Test
    void clusterInfoRouteAndCreatedTopics() throws Exception {
        ClusterInfo info = admin.examineBrokerClusterInfo();
        String brokerName = cluster.broker().config().brokerName();
        assertThat(info.getBrokerAddrTable()).containsKey(brokerName);
        assertThat(info.getBrokerAddrTable().get(brokerName).getBrokerAddrs()).containsEntry(0L, addr);

        TopicConfig config = new TopicConfig("AdminTopicA", 3, 3, 6);
        admin.createAndUpdateTopicConfig(addr, config);
        TopicRouteData route = awaitRoute("AdminTopicA", q -> q.getWriteQueueNums() == 3);
        assertThat(route.getQueueDatas().get(0).getReadQueueNums()).isEqualTo(3);
        assertThat(admin.examineTopicConfig(addr, "AdminTopicA").getReadQueueNums())
                .isEqualTo(3);

        admin.createTopic("TBW102", "AdminTopicB", 2, Map.of("+message.type", "NORMAL"));
        awaitRoute("AdminTopicB", q -> q.getWriteQueueNums() == 2);
        assertThat(cluster.broker().topics().get("AdminTopicB").attributes()).containsEntry("message.type", "NORMAL");

        TopicList system = admin.getDefaultMQAdminExtImpl()
                .getMqClientInstance()
                .getMQClientAPIImpl()
                .getSystemTopicListFromBroker(addr, 10_000);
        assertThat(system.getTopicList()).contains("TBW102", brokerName).doesNotContain("AdminTopicA");
    }

    @Test
    void allTopicConfigsArePagedForNewClients() throws Exception {
        for (int i = 0; i < 7; i++) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminPaged" + i, 1, 1, 6));
        }
        DefaultMQAdminExt paging = admin(3);
        try {
            var wrapper = paging.getAllTopicConfig(addr, 10_000);
            assertThat(wrapper.getTopicConfigTable().keySet())
                    .containsAll(cluster.broker().topics().names())
                    .hasSize(cluster.broker().topics().size());
            assertThat(wrapper.getTopicConfigTable().get("AdminPaged6").getWriteQueueNums())
                    .isEqualTo(1);
        } finally {
            paging.shutdown();
        }
    }

    /** A send is acknowledged before the dispatcher indexes it; stats read the indexed queues. */
    private void awaitDispatched() {
        assertThat(((dev.skiff.store.engine.DefaultMessageStore)
                                cluster.broker().store())
                        .awaitDispatched(5_000))
                .isTrue();
    }

    @Test
    void topicStatsShowQueueRangesAndTimes() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminStats", 2, 2, 6));
        awaitRoute("AdminStats", q -> q.getWriteQueueNums() == 2);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            assertThat(send("AdminStats", "k" + i).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        awaitDispatched();
        TopicStatsTable stats = admin.examineTopicStats("AdminStats");
        assertThat(stats.getOffsetTable()).hasSize(2);
        long total = 0;
        for (Map.Entry<MessageQueue, TopicOffset> e : stats.getOffsetTable().entrySet()) {
            TopicOffset o = e.getValue();
            assertThat(o.getMaxOffset())
                    .isEqualTo(cluster.broker()
                            .store()
                            .maxOffsetInQueue("AdminStats", e.getKey().getQueueId()));
            if (o.getMaxOffset() > 0) {
                assertThat(o.getLastUpdateTimestamp()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
            }
            total += o.getMaxOffset() - o.getMinOffset();
        }
        assertThat(total).isEqualTo(5);
        // the topic-wide call merges only the offset tables; the rate comes with one broker's answer
        assertThat(admin.examineTopicStats(addr, "AdminStats").getTopicPutTps())
                .as("put rate over the last minute")
                .isPositive();
    }

    @Test
    void subscriptionGroupsCanBeCreatedReadPagedAndDeleted() throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("cg-admin-groups");
        config.setRetryMaxTimes(5);
        config.setConsumeMessageOrderly(true);
        admin.createAndUpdateSubscriptionGroupConfig(addr, config);
        SubscriptionGroupConfig read = admin.examineSubscriptionGroupConfig(addr, "cg-admin-groups");
        assertThat(read).isNotNull();
        assertThat(read.getRetryMaxTimes()).isEqualTo(5);
        assertThat(read.isConsumeMessageOrderly()).isTrue();

        for (int i = 0; i < 5; i++) {
            SubscriptionGroupConfig more = new SubscriptionGroupConfig();
            more.setGroupName("cg-admin-page" + i);
            admin.createAndUpdateSubscriptionGroupConfig(addr, more);
        }
        DefaultMQAdminExt paging = admin(2);
        try {
            SubscriptionGroupWrapper all = paging.getAllSubscriptionGroup(addr, 10_000);
            assertThat(all.getSubscriptionGroupTable().keySet())
                    .contains("cg-admin-groups", "cg-admin-page0", "cg-admin-page4")
                    .hasSize(cluster.broker().groups().all().size());
        } finally {
            paging.shutdown();
        }

        cluster.broker().offsets().commit("cg-admin-groups", "AdminTopicX", 0, 3);
        admin.deleteSubscriptionGroup(addr, "cg-admin-groups", true);
        assertThat(admin.examineSubscriptionGroupConfig(addr, "cg-admin-groups"))
                .isNull();
        assertThat(cluster.broker().offsets().topicsOf("cg-admin-groups")).isEmpty();
    }

    @Test
    void subscriptionGroupListsAreCheckedWholeThenStored() throws Exception {
        SubscriptionGroupConfig a = new SubscriptionGroupConfig();
        a.setGroupName("cg-list-a");
        a.setRetryMaxTimes(2);
        SubscriptionGroupConfig b = new SubscriptionGroupConfig();
        b.setGroupName("cg-list-b");
        b.setConsumeMessageOrderly(true);
        admin.createAndUpdateSubscriptionGroupConfigList(addr, List.of(a, b));
        assertThat(cluster.broker().groups().get("cg-list-a").retryMaxTimes()).isEqualTo(2);
        assertThat(cluster.broker().groups().get("cg-list-b").consumeMessageOrderly())
                .isTrue();

        SubscriptionGroupConfig fine = new SubscriptionGroupConfig();
        fine.setGroupName("cg-list-c");
        SubscriptionGroupConfig bad = new SubscriptionGroupConfig();
        bad.setGroupName("bad group!");
        assertThatThrownBy(() -> admin.createAndUpdateSubscriptionGroupConfigList(addr, List.of(fine, bad)))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(29));
        assertThat(cluster.broker().groups().get("cg-list-c")).isNull();
    }

    @Test
    void consumeStatsReportCommittedOffsets() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminConsume", 2, 2, 6));
        awaitRoute("AdminConsume", q -> q.getWriteQueueNums() == 2);
        for (int i = 0; i < 6; i++) {
            send("AdminConsume", "c" + i);
        }
        awaitDispatched();
        // rocketmq-tools 5.5.0 finds the group's brokers through the route of its retry topic, which
        // a consumer's heartbeat creates; create it as the heartbeat would.
        createRetryTopic("cg-consume");
        var offsets = cluster.broker().offsets();
        long max0 = cluster.broker().store().maxOffsetInQueue("AdminConsume", 0);
        offsets.commit("cg-consume", "AdminConsume", 0, max0);
        offsets.commit("cg-consume", "AdminConsume", 1, 0);

        ConsumeStats stats = admin.examineConsumeStats("cg-consume", "AdminConsume");
        MessageQueue q0 =
                new MessageQueue("AdminConsume", cluster.broker().config().brokerName(), 0);
        MessageQueue q1 =
                new MessageQueue("AdminConsume", cluster.broker().config().brokerName(), 1);
        OffsetWrapper w0 = stats.getOffsetTable().get(q0);
        OffsetWrapper w1 = stats.getOffsetTable().get(q1);
        assertThat(w0.getConsumerOffset()).isEqualTo(max0);
        assertThat(w0.getBrokerOffset()).isEqualTo(max0);
        assertThat(w0.getLastTimestamp()).isGreaterThan(0);
        assertThat(w1.getConsumerOffset()).isZero();
        assertThat(w1.getBrokerOffset()).isEqualTo(6 - max0);
        assertThat(stats.computeTotalDiff()).isEqualTo(6 - max0);
        assertThat(stats.getConsumeTps())
                .as("offsets committed by hand, nothing pulled")
                .isZero();

        GroupList byWho = admin.queryTopicConsumeByWho("AdminConsume");
        assertThat(byWho.getGroupList()).containsExactly("cg-consume");
        TopicList ofGroup = admin.queryTopicsByConsumer("cg-consume");
        assertThat(ofGroup.getTopicList()).containsExactly("AdminConsume");
    }

    @Test
    void brokerConsumeStatsListEveryGroupWithItsTopics() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminBrokerConsume", 2, 2, 6));
        awaitRoute("AdminBrokerConsume", q -> q.getWriteQueueNums() == 2);
        for (int i = 0; i < 4; i++) {
            send("AdminBrokerConsume", "b" + i);
        }
        awaitDispatched();
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("cg-broker-consume");
        admin.createAndUpdateSubscriptionGroupConfig(addr, group);
        long max0 = cluster.broker().store().maxOffsetInQueue("AdminBrokerConsume", 0);
        cluster.broker().offsets().commit("cg-broker-consume", "AdminBrokerConsume", 0, max0);
        cluster.broker().offsets().commit("cg-broker-consume", "AdminBrokerConsume", 1, 0);

        ConsumeStatsList all = admin.fetchConsumeStatsInBroker(addr, false, 10_000);
        assertThat(all.getBrokerAddr()).isEqualTo(addr);
        Map<String, List<ConsumeStats>> byGroup = new HashMap<>();
        all.getConsumeStatsList().forEach(byGroup::putAll);
        assertThat(byGroup.keySet())
                .containsAll(cluster.broker().groups().all().stream()
                        .map(dev.skiff.remoting.protocol.body.SubscriptionGroupConfig::groupName)
                        .toList());
        assertThat(byGroup.get("cg-broker-consume")).singleElement().satisfies(stats -> {
            MessageQueue q0 = new MessageQueue(
                    "AdminBrokerConsume", cluster.broker().config().brokerName(), 0);
            assertThat(stats.getOffsetTable()).hasSize(2);
            assertThat(stats.getOffsetTable().get(q0).getConsumerOffset()).isEqualTo(max0);
            assertThat(stats.getOffsetTable().get(q0).getLastTimestamp()).isPositive();
            assertThat(stats.computeTotalDiff()).isEqualTo(4 - max0);
        });
        assertThat(all.getTotalDiff()).isGreaterThanOrEqualTo(4 - max0);

        ConsumeStatsList ordered = admin.fetchConsumeStatsInBroker(addr, true, 10_000);
        Map<String, List<ConsumeStats>> orderedByGroup = new HashMap<>();
        ordered.getConsumeStatsList().forEach(orderedByGroup::putAll);
        assertThat(orderedByGroup.get("cg-broker-consume")).isEmpty();
    }

    @Test
    void viewAndQueryMessages() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminView", 1, 1, 6));
        awaitRoute("AdminView", q -> true);
        long begin = System.currentTimeMillis() - 1000;
        SendResult sent = send("AdminView", "order-42");
        send("AdminView", "order-43");

        MessageExt viewed = admin.viewMessage("AdminView", sent.getOffsetMsgId());
        assertThat(viewed.getTopic()).isEqualTo("AdminView");
        assertThat(viewed.getKeys()).isEqualTo("order-42");
        assertThat(new String(viewed.getBody(), StandardCharsets.UTF_8)).isEqualTo("body-order-42");
        assertThat(viewed.getMsgId()).isEqualTo(sent.getMsgId());

        // Both sends were answered, so both are appended: once dispatched, they are indexed.
        assertThat(((DefaultMessageStore) cluster.broker().store()).awaitDispatched(WAIT.toMillis()))
                .isTrue();
        QueryResult found = admin.queryMessage("AdminView", "order-42", 32, begin, System.currentTimeMillis() + 1000);
        assertThat(found.getMessageList()).hasSize(1);
        assertThat(found.getMessageList().get(0).getKeys()).isEqualTo("order-42");
        assertThat(found.getIndexLastUpdateTimestamp()).isGreaterThan(0);

        MessageExt byUniqueId = admin.viewMessage("AdminView", sent.getMsgId());
        assertThat(byUniqueId.getKeys()).isEqualTo("order-42");

        assertThatThrownBy(() -> admin.queryMessage("AdminView", "no-such-key", 32, begin, System.currentTimeMillis()))
                .isInstanceOf(MQClientException.class);
    }

    @Test
    void unknownMessageIdAndQueryGetClearErrors() throws Exception {
        long beyond = cluster.broker().store().commitLogMaxOffset() + 1_000_000;
        InetSocketAddress brokerSocket = new InetSocketAddress("127.0.0.1", Integer.parseInt(addr.split(":")[1]));
        String unknownId = OffsetMessageId.encode(HostAddress.of(brokerSocket), beyond);
        assertThatThrownBy(() -> admin.viewMessage("AdminView", unknownId)).isInstanceOf(Exception.class);

        try (NettyRemotingClient raw = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            RemotingCommand view = raw.invokeSync(
                    addr,
                    RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID, new ViewMessageRequestHeader("t", beyond)),
                    5_000);
            assertThat(view.code()).isEqualTo(1);
            assertThat(view.remark()).contains("no message is stored at commit-log offset " + beyond);

            RemotingCommand query = raw.invokeSync(
                    addr,
                    RemotingCommand.request(
                            RequestCode.QUERY_MESSAGE,
                            new QueryMessageRequestHeader("AdminView", "nothing", 5, 0, Long.MAX_VALUE)),
                    5_000);
            assertThat(query.code()).isEqualTo(22);
            assertThat(query.extField("indexLastUpdateTimestamp")).isEqualTo("0");

            RemotingCommand missingField =
                    raw.invokeSync(addr, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID), 5_000);
            assertThat(missingField.code()).isEqualTo(29);
            assertThat(missingField.remark()).contains("offset");
        }
    }

    @Test
    void badTopicInputIsRefusedWithInvalidParameter() {
        assertThatThrownBy(() -> admin.createAndUpdateTopicConfig(addr, new TopicConfig("bad topic!", 4, 4, 6)))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(29));
        assertThatThrownBy(() -> admin.createAndUpdateTopicConfig(addr, new TopicConfig("TooManyQueues", 2000, 4, 6)))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(29);
                    assertThat(e.getErrorMessage()).contains("readQueueNums must be 1..1024");
                });
        assertThatThrownBy(() -> admin.createAndUpdateTopicConfig(addr, new TopicConfig("TBW102", 4, 4, 6)))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(29));
        assertThat(cluster.broker().topics().contains("TooManyQueues")).isFalse();
        assertThat(cluster.broker().topics().contains("bad topic!")).isFalse();
        assertThatThrownBy(() -> admin.examineTopicConfig(addr, "NoSuchTopic"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(17));
    }

    @Test
    void runtimeStatsAndBrokerConfig() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("AdminRuntime", "r" + i);
        }
        KVTable kv = admin.fetchBrokerRuntimeStats(addr);
        Map<String, String> t = kv.getTable();
        assertThat(t.get("brokerVersionDesc")).isEqualTo("V5_3_3");
        assertThat(t.get("brokerActive")).isEqualTo("true");
        assertThat(t.get("putTps")).matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d");
        assertThat(Long.parseLong(t.get("msgPutTotalTodayNow"))).isGreaterThanOrEqualTo(3);
        assertThat(Double.parseDouble(t.get("commitLogDiskRatio"))).isBetween(0.0, 1.0);
        assertThat(Long.parseLong(t.get("earliestMessageTimeStamp"))).isGreaterThan(0);
        assertThat(t).containsKeys("sendThreadPoolQueueSize", "pullThreadPoolQueueSize", "msgGetTotalTodayNow");

        awaitDispatched();
        BrokerStatsData puts = admin.viewBrokerStatsData(addr, "TOPIC_PUT_NUMS", "AdminRuntime");
        assertThat(puts.getStatsMinute().getSum()).isEqualTo(3);
        assertThat(puts.getStatsMinute().getTps()).isPositive();
        assertThat(puts.getStatsHour().getSum()).isEqualTo(3);
        assertThat(puts.getStatsDay().getSum()).isEqualTo(3);
        assertThat(puts.getStatsMinute().getAvgpt())
                .as("puts count per stored message")
                .isEqualTo(1.0);
        assertThatThrownBy(() -> admin.viewBrokerStatsData(addr, "GROUP_GET_NUMS", "AdminRuntime@cg"))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(1));
        assertThatThrownBy(() -> admin.viewBrokerStatsData(addr, "TOPIC_PUT_NUMS", "NeverSentTo"))
                .isInstanceOf(MQClientException.class);
        assertThatThrownBy(() -> admin.viewBrokerStatsData(addr, "SNDBCK_PUT_NUMS", "AdminRuntime@cg"))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(1);
                    assertThat(e.getErrorMessage()).contains("GROUP_GET_NUMS and GROUP_GET_SIZE per topic@group");
                });

        Properties config = admin.getBrokerConfig(addr);
        assertThat(config.getProperty("brokerName"))
                .isEqualTo(cluster.broker().config().brokerName());
        assertThat(config.getProperty("maxMessageSize")).isEqualTo("4194304");

        Properties same = new Properties();
        same.setProperty("brokerName", cluster.broker().config().brokerName());
        admin.updateBrokerConfig(addr, same);

        Properties fixed = new Properties();
        fixed.setProperty("listenPort", "10999");
        assertThatThrownBy(() -> admin.updateBrokerConfig(addr, fixed))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(16);
                    assertThat(e.getErrorMessage()).contains("[listenPort] cannot change while the broker runs");
                });
        Properties unknown = new Properties();
        unknown.setProperty("noSuchKey", "1");
        assertThatThrownBy(() -> admin.updateBrokerConfig(addr, unknown))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(29));
        Properties invalid = new Properties();
        invalid.setProperty("maxMessageSize", "lots");
        assertThatThrownBy(() -> admin.updateBrokerConfig(addr, invalid))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getErrorMessage()).contains("maxMessageSize"));
        assertThat(admin.getBrokerConfig(addr).getProperty("maxMessageSize")).isEqualTo("4194304");
    }

    /**
     * What a consumer group pulled, as {@code statsAll} and {@code consumerProgress} read it: every
     * message counted once with its stored bytes, on the put side as well, and a consume rate.
     */
    @Test
    void groupGetStatsCountWhatTheConsumerPulled() throws Exception {
        String topic = "AdminGroupStats";
        String group = "cg-group-stats";
        int n = 12;
        ConsumeSupport.createTopic(cluster, topic, 2);
        createRetryTopic(group);
        for (int i = 0; i < n; i++) {
            send(topic, "gs" + i);
        }
        awaitDispatched();
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("lite-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollTimeoutMillis(500);
        consumer.subscribe(topic, "*");
        consumer.start();
        List<MessageExt> got = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (got.size() < n && System.nanoTime() - deadline < 0) {
                got.addAll(consumer.poll());
            }
        } finally {
            consumer.shutdown();
        }
        assertThat(got).hasSize(n);
        long storedBytes = got.stream().mapToLong(MessageExt::getStoreSize).sum();
        assertThat(storedBytes).isGreaterThan(n * 100L);

        BrokerStatsData gets = admin.viewBrokerStatsData(addr, "GROUP_GET_NUMS", topic + "@" + group);
        assertThat(gets.getStatsMinute().getSum()).isEqualTo(n);
        assertThat(gets.getStatsMinute().getTps()).isPositive();
        assertThat(gets.getStatsHour().getSum()).isEqualTo(n);
        assertThat(gets.getStatsDay().getSum()).isEqualTo(n);
        BrokerStatsData getBytes = admin.viewBrokerStatsData(addr, "GROUP_GET_SIZE", topic + "@" + group);
        assertThat(getBytes.getStatsMinute().getSum()).isEqualTo(storedBytes);
        // avgpt is per pull: messages per pull, and bytes per pull over the same pulls
        double perPull = gets.getStatsMinute().getAvgpt();
        assertThat(perPull).isBetween(1.0, (double) n);
        assertThat(getBytes.getStatsMinute().getAvgpt() / perPull)
                .isCloseTo((double) storedBytes / n, org.assertj.core.data.Offset.offset(0.001));
        assertThat(admin.viewBrokerStatsData(addr, "TOPIC_PUT_NUMS", topic)
                        .getStatsMinute()
                        .getSum())
                .isEqualTo(n);
        BrokerStatsData putBytes = admin.viewBrokerStatsData(addr, "TOPIC_PUT_SIZE", topic);
        assertThat(putBytes.getStatsMinute().getSum()).isEqualTo(storedBytes);
        assertThat(putBytes.getStatsDay().getSum()).isEqualTo(storedBytes);

        ConsumeStats progress = admin.examineConsumeStats(group, topic);
        assertThat(progress.getConsumeTps())
                .as("the group's pulls over the last minute")
                .isPositive();

        admin.deleteSubscriptionGroup(addr, group);
        assertThatThrownBy(() -> admin.viewBrokerStatsData(addr, "GROUP_GET_NUMS", topic + "@" + group))
                .as("a deleted group's statistics are gone")
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(1));
    }

    @Test
    void resetOffsetByTimestampMovesCommittedAndPendingOffsets() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminReset", 2, 2, 6));
        awaitRoute("AdminReset", q -> q.getWriteQueueNums() == 2);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("cg-reset");
        admin.createAndUpdateSubscriptionGroupConfig(addr, group);
        long beforeSends = System.currentTimeMillis() - 1;
        for (int i = 0; i < 6; i++) {
            send("AdminReset", "x" + i);
        }
        awaitDispatched(); // the committed offsets below are read from the consume queues
        var offsets = cluster.broker().offsets();
        var store = cluster.broker().store();
        for (int q = 0; q < 2; q++) {
            offsets.commit("cg-reset", "AdminReset", q, store.maxOffsetInQueue("AdminReset", q));
        }

        Map<MessageQueue, Long> moved = admin.resetOffsetByTimestamp("AdminReset", "cg-reset", beforeSends, true);
        assertThat(moved).hasSize(2);
        assertThat(moved.values()).containsOnly(0L);
        for (int q = 0; q < 2; q++) {
            assertThat(offsets.query("cg-reset", "AdminReset", q)).isZero();
            assertThat(offsets.takePendingReset("cg-reset", "AdminReset", q)).hasValue(0L);
        }

        Map<MessageQueue, Long> toEnd =
                admin.resetOffsetByTimestamp("AdminReset", "cg-reset", System.currentTimeMillis() + 60_000, true);
        for (Map.Entry<MessageQueue, Long> e : toEnd.entrySet()) {
            assertThat(e.getValue())
                    .isEqualTo(store.maxOffsetInQueue("AdminReset", e.getKey().getQueueId()));
        }

        assertThatThrownBy(() -> admin.resetOffsetByTimestamp("AdminReset", "cg-never-seen", beforeSends, true))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(26));
    }

    @Test
    void deleteTopicInBrokerDropsConfigAndOffsets() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminDelete", 1, 1, 6));
        awaitRoute("AdminDelete", q -> true);
        cluster.broker().offsets().commit("cg-delete", "AdminDelete", 0, 1);
        admin.deleteTopicInBroker(Set.of(addr), "AdminDelete");
        assertThat(cluster.broker().topics().get("AdminDelete")).isNull();
        assertThat(cluster.broker().offsets().topicsOf("cg-delete")).isEmpty();
        assertThatThrownBy(() -> admin.examineTopicConfig(addr, "AdminDelete"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(17));
        assertThatThrownBy(() -> admin.deleteTopicInBroker(Set.of(addr), "SCHEDULE_TOPIC_XXXX"))
                .isInstanceOf(Exception.class);
        assertThat(cluster.broker().topics().contains("SCHEDULE_TOPIC_XXXX")).isTrue();
    }

    @Test
    void connectionListsAnswerThroughTheClientDirectory() throws Exception {
        createRetryTopic("cg-nobody");
        assertThatThrownBy(() -> admin.examineConsumerConnectionInfo("cg-nobody"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(206));
        assertThatThrownBy(() -> admin.examineProducerConnectionInfo("pg-nobody", "AdminTopicA"))
                .isInstanceOf(Exception.class);
    }

    @Test
    void consumeQueueEntriesPointAtTheStoredRecords() throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminCq", 1, 1, 6));
        awaitRoute("AdminCq", q -> true);
        List<SendResult> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(send("AdminCq", "cq" + i));
        }
        awaitDispatched();

        QueryConsumeQueueResponseBody body = admin.queryConsumeQueue(addr, "AdminCq", 0, 1, 10, "cg-not-online");
        assertThat(body.getMinQueueIndex()).isZero();
        assertThat(body.getMaxQueueIndex()).isEqualTo(3);
        assertThat(body.getFilterData()).isEqualTo("cg-not-online@AdminCq is not online!");
        assertThat(body.getQueueData()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ConsumeQueueData entry = body.getQueueData().get(i);
            SendResult r = sent.get(i + 1);
            assertThat(entry.getPhysicOffset())
                    .isEqualTo(
                            MessageDecoder.decodeMessageId(r.getOffsetMsgId()).getOffset());
            assertThat(entry.getPhysicSize()).isPositive();
            assertThat(entry.getTagsCode()).isEqualTo("TagA".hashCode());
        }
        assertThat(admin.queryConsumeQueue(addr, "AdminCq", 0, 3, 10, null).getQueueData())
                .isEmpty();
        assertThatThrownBy(() -> admin.queryConsumeQueue(addr, "AdminCq", 5, 0, 10, null))
                .isInstanceOfSatisfying(
                        MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(1));
    }

    @Test
    void allProducersAreListedByGroup() throws Exception {
        send("AdminProducers", "p0");
        ProducerTableInfo table = admin.getAllProducerInfo(addr);
        assertThat(table.getData().get("pg-admin")).anySatisfy(p -> {
            assertThat(p.getClientId()).isEqualTo(producer.buildMQClientId());
            assertThat(p.getLanguage()).isEqualTo(LanguageCode.JAVA);
            assertThat(p.getLastUpdateTimestamp()).isPositive();
        });
    }

    private void createRetryTopic(String group) throws Exception {
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("%RETRY%" + group, 1, 1, 6));
        awaitRoute("%RETRY%" + group, q -> true);
    }

    private SendResult send(String topic, String key) throws Exception {
        Message m = new Message(topic, "TagA", key, ("body-" + key).getBytes(StandardCharsets.UTF_8));
        return producer.send(m);
    }

    private TopicRouteData awaitRoute(String topic, Predicate<QueueData> condition) throws Exception {
        // an exception is "no route yet"; the failure names the last route or exception seen
        return Await.answer(
                "the route of " + topic + " to show the change",
                WAIT,
                () -> admin.examineTopicRouteInfo(topic),
                route -> !route.getQueueDatas().isEmpty()
                        && condition.test(route.getQueueDatas().get(0)));
    }

    @SuppressWarnings("unused")
    private static Set<String> set(String... values) {
        return new HashSet<>(List.of(values));
    }
}
