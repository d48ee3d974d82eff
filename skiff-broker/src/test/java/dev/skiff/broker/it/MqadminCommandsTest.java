package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code mqadmin} commands against Skiff: each runs as its own JVM through {@code
 * MQAdminStartup}, the way an operator runs it, and the test reads what it printed. Every command
 * must end without printing an exception (mqadmin prints failures and still exits 0) and must show
 * the real state of the broker and name server, checked against the in-process servers or what
 * the official clients were told.
 *
 * <p>One broker and name server serve the whole class; each test uses its own topics and groups.
 * The write-permission test runs last because it changes every route of the broker for a moment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MqadminCommandsTest {
    private static final int QUEUES = 4;

    private SkiffTestCluster cluster;
    private MqadminCli mqadmin;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private String addr;
    private String brokerName;
    private String clusterName;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = SkiffTestCluster.start(dir.resolve("cluster"));
        addr = cluster.brokerAddr();
        brokerName = cluster.broker().config().brokerName();
        clusterName = cluster.broker().config().brokerClusterName();
        mqadmin = MqadminCli.create(dir.resolve("mqadmin"), cluster.namesrvAddr());
        producer = OfficialClients.producer(cluster, "pg-mqadmin");
        admin = OfficialClients.admin(cluster, 2000);
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void clusterBrokerAndNameServerInfo() throws Exception {
        MqadminCli.Result clusterList = mqadmin.runClean("clusterList");
        clusterList.row(clusterName, brokerName, "0", addr, "V5_3_3");

        MqadminCli.Result status = mqadmin.runClean("brokerStatus", "-b", addr);
        assertThat(status.stdout())
                .containsPattern("(?m)^brokerActive\\s+: true$")
                .containsPattern("(?m)^brokerVersionDesc\\s+: V5_3_3$")
                .containsPattern("(?m)^msgPutTotalTodayNow\\s+: \\d+$")
                .containsPattern("(?m)^putTps\\s+: [\\d.]+ [\\d.]+ [\\d.]+$");

        MqadminCli.Result config = mqadmin.runClean("getBrokerConfig", "-b", addr);
        assertThat(config.stdout())
                .contains("============" + addr + "============")
                .containsPattern("(?m)^brokerName\\s+=\\s+" + Pattern.quote(brokerName) + "$")
                .containsPattern("(?m)^brokerClusterName\\s+=\\s+" + Pattern.quote(clusterName) + "$");

        MqadminCli.Result sameValue =
                mqadmin.runClean("updateBrokerConfig", "-b", addr, "-k", "brokerName", "-v", brokerName);
        assertThat(sameValue.stdout()).contains("update broker config success, " + addr);

        // a key that changes at run time, through the official command, then back
        MqadminCli.Result groupsOff =
                mqadmin.runClean("updateBrokerConfig", "-b", addr, "-k", "autoCreateSubscriptionGroup", "-v", "false");
        assertThat(groupsOff.stdout()).contains("update broker config success, " + addr);
        assertThat(cluster.broker().config().autoCreateSubscriptionGroup()).isFalse();
        assertThat(mqadmin.runClean("getBrokerConfig", "-b", addr).stdout())
                .containsPattern("(?m)^autoCreateSubscriptionGroup\\s+=\\s+false$");
        mqadmin.runClean("updateBrokerConfig", "-b", addr, "-k", "autoCreateSubscriptionGroup", "-v", "true");
        assertThat(cluster.broker().config().autoCreateSubscriptionGroup()).isTrue();

        MqadminCli.Result namesrvUpdate =
                mqadmin.runClean("updateNamesrvConfig", "-k", "enableTopicList", "-v", "true");
        assertThat(namesrvUpdate.stdout()).contains("update name server config success!");

        MqadminCli.Result namesrv = mqadmin.runClean("getNamesrvConfig");
        assertThat(namesrv.stdout())
                .contains("============" + cluster.namesrvAddr() + "============")
                .containsPattern("(?m)^enableTopicList\\s+=\\s+true$");
    }

    @Test
    @Order(2)
    void topicCreateShowAndDelete() throws Exception {
        String topic = "MqaTopicLife";
        MqadminCli.Result created =
                mqadmin.runClean("updateTopic", "-c", clusterName, "-t", topic, "-r", "4", "-w", "4", "-p", "6");
        assertThat(created.stdout()).contains("create topic to " + addr + " success.");
        assertThat(cluster.broker().topics().get(topic).writeQueueNums()).isEqualTo(4);
        awaitRoute(topic);

        MqadminCli.Result route = mqadmin.runClean("topicRoute", "-t", topic);
        assertThat(route.stdout())
                .contains("\"brokerName\":\"" + brokerName + "\"")
                .contains("0:\"" + addr + "\"")
                .contains("\"readQueueNums\":4")
                .contains("\"writeQueueNums\":4")
                .contains("\"perm\":6");

        MqadminCli.Result list = mqadmin.runClean("topicList");
        assertThat(list.lines()).contains(topic, "TBW102");

        MqadminCli.Result clusters = mqadmin.runClean("topicClusterList", "-t", topic);
        assertThat(clusters.lines()).containsExactly(clusterName);

        MqadminCli.Result perm = mqadmin.runClean("updateTopicPerm", "-c", clusterName, "-t", topic, "-p", "4");
        assertThat(perm.stdout()).contains("update topic perm from 6 to 4 in " + addr + " success.");
        assertThat(cluster.broker().topics().get(topic).perm()).isEqualTo(4);

        MqadminCli.Result orderPut =
                mqadmin.runClean("updateOrderConf", "-t", topic, "-m", "put", "-v", brokerName + ":4");
        assertThat(orderPut.stdout()).contains("update orderConf success. topic=[" + topic + "]");
        assertThat(cluster.namesrv().kvStore().get("ORDER_TOPIC_CONFIG", topic)).isEqualTo(brokerName + ":4");
        MqadminCli.Result orderGet = mqadmin.runClean("updateOrderConf", "-t", topic, "-m", "get");
        assertThat(orderGet.stdout())
                .contains("get orderConf success. topic=[" + topic + "], orderConf=[" + brokerName + ":4]");

        Path topicList = mqadmin.workDir().resolve("topics.json");
        Files.writeString(
                topicList,
                "[{\"topicName\":\"MqaTopicListA\",\"readQueueNums\":2,\"writeQueueNums\":2,\"perm\":6},"
                        + "{\"topicName\":\"MqaTopicListB\",\"readQueueNums\":1,\"writeQueueNums\":1,\"perm\":6}]");
        MqadminCli.Result listed = mqadmin.runClean("updateTopicList", "-c", clusterName, "-f", topicList.toString());
        assertThat(listed.stdout()).contains("submit batch of topic config to " + addr + " success");
        assertThat(cluster.broker().topics().get("MqaTopicListA").writeQueueNums())
                .isEqualTo(2);
        assertThat(cluster.broker().topics().get("MqaTopicListB").writeQueueNums())
                .isEqualTo(1);

        MqadminCli.Result allocation = mqadmin.runClean("allocateMQ", "-t", topic, "-i", "client-a,client-b");
        assertThat(allocation.stdout())
                .contains("\"client-a\":[", "\"client-b\":[")
                .contains("\"brokerName\":\"" + brokerName + "\"");
        assertThat(count(allocation.stdout(), "\"queueId\":")).isEqualTo(QUEUES);

        MqadminCli.Result deleted = mqadmin.runClean("deleteTopic", "-c", clusterName, "-t", topic);
        assertThat(deleted.stdout())
                .contains("delete topic [" + topic + "] from cluster [" + clusterName + "] success.")
                .contains("delete topic [" + topic + "] from NameServer success.");
        assertThat(cluster.broker().topics().contains(topic)).isFalse();
        assertThat(cluster.namesrv().registry().route(topic, false).route()).isNull();
    }

    @Test
    @Order(3)
    void sendQueryAndPrintMessages() throws Exception {
        String topic = "MqaTopicMsg";
        createTopic(topic, QUEUES);
        List<SendResult> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(send(topic, "TagA", "k-" + i, "body k-" + i));
        }

        MqadminCli.Result sendMessage =
                mqadmin.runClean("sendMessage", "-t", topic, "-p", "from mqadmin", "-k", "mq-key", "-c", "TagM");
        String[] cols = sendMessage.row(brokerName);
        assertThat(cols[2]).isEqualTo("SEND_OK");
        int mqadminQueue = Integer.parseInt(cols[1]);
        String mqadminMsgId = cols[3];
        awaitDispatched();

        MqadminCli.Result status = mqadmin.runClean("topicStatus", "-t", topic);
        long total = 0;
        for (int q = 0; q < QUEUES; q++) {
            String[] c = status.row(brokerName, Integer.toString(q));
            assertThat(Long.parseLong(c[3])).isEqualTo(cluster.broker().store().maxOffsetInQueue(topic, q));
            total += Long.parseLong(c[3]) - Long.parseLong(c[2]);
        }
        assertThat(total).isEqualTo(4);

        SendResult k1 = sent.get(1);
        MqadminCli.Result byKey = mqadmin.runClean("queryMsgByKey", "-t", topic, "-k", "k-1");
        byKey.row(
                k1.getMsgId(), Integer.toString(k1.getMessageQueue().getQueueId()), Long.toString(k1.getQueueOffset()));

        MqadminCli.Result byId = mqadmin.runClean("queryMsgById", "-t", topic, "-i", k1.getOffsetMsgId());
        assertThat(byId.stdout())
                .containsPattern("(?m)^OffsetID:\\s+" + k1.getOffsetMsgId() + "$")
                .containsPattern("(?m)^Topic:\\s+" + topic + "$")
                .containsPattern("(?m)^Keys:\\s+\\[k-1\\]$")
                .containsPattern("(?m)^Queue Offset:\\s+" + k1.getQueueOffset() + "$");
        assertThat(bodyFile(byId)).hasContent("body k-1");

        MqadminCli.Result byUniqueKey = mqadmin.runClean("queryMsgByUniqueKey", "-t", topic, "-i", mqadminMsgId);
        assertThat(byUniqueKey.stdout())
                .containsPattern("(?m)^Keys:\\s+\\[mq-key\\]$")
                .containsPattern("(?m)^Tags:\\s+\\[TagM\\]$")
                .containsPattern("(?m)^Queue ID:\\s+" + mqadminQueue + "$");
        assertThat(bodyFile(byUniqueKey)).hasContent("from mqadmin");

        SendResult k2 = sent.get(2);
        String k2Queue = Integer.toString(k2.getMessageQueue().getQueueId());
        String k2Offset = Long.toString(k2.getQueueOffset());
        MqadminCli.Result byOffset =
                mqadmin.runClean("queryMsgByOffset", "-t", topic, "-b", brokerName, "-i", k2Queue, "-o", k2Offset);
        assertThat(byOffset.stdout())
                .containsPattern("(?m)^Keys:\\s+\\[k-2\\]$")
                .containsPattern("(?m)^OffsetID:\\s+" + k2.getOffsetMsgId() + "$");

        MqadminCli.Result cq = mqadmin.runClean("queryCq", "-t", topic, "-q", k2Queue, "-i", k2Offset, "-c", "1");
        assertThat(cq.stdout())
                .containsPattern("max: " + cluster.broker().store().maxOffsetInQueue(topic, Integer.parseInt(k2Queue))
                        + ", min: 0")
                .contains("idx: " + k2Offset)
                .contains("physicOffset="
                        + MessageDecoder.decodeMessageId(k2.getOffsetMsgId()).getOffset() + ",");

        MqadminCli.Result printed = mqadmin.runClean("printMsg", "-t", topic, "-d", "true");
        assertThat(printed.stdout())
                .contains("BODY: body k-0", "BODY: body k-1", "BODY: body k-2", "BODY: from mqadmin")
                .contains("MSGID: " + k1.getMsgId());

        MqadminCli.Result byQueue = mqadmin.runClean(
                "printMsgByQueue", "-t", topic, "-a", brokerName, "-i", k2Queue, "-p", "true", "-d", "true");
        assertThat(byQueue.stdout()).contains("MSGID: " + k2.getMsgId()).contains("BODY: body k-2");

        MqadminCli.Result consumed = mqadmin.runClean(
                "consumeMessage", "-t", topic, "-b", brokerName, "-i", k2Queue, "-o", k2Offset, "-c", "1");
        assertThat(consumed.stdout()).contains("Consume ok", "MSGID: " + k2.getMsgId());
    }

    @Test
    @Order(4)
    void consumerGroupProgressConnectionsAndOffsets() throws Exception {
        String topic = "MqaTopicConsume";
        String group = "cg-mqadmin";
        createTopic(topic, QUEUES);
        long beforeSends = System.currentTimeMillis() - 1;
        SendResult first = send(topic, "TagC", "c-0", "consume 0");
        for (int i = 1; i < 8; i++) {
            send(topic, "TagC", "c-" + i, "consume " + i);
        }
        List<String> received = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = OfficialClients.pushConsumer(cluster, group);
        // shares the producer's client instance, whose shutdown at the end is the one that waits
        consumer.setInstanceName(producer.getInstanceName());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> received.add(m.getKeys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            await("8 messages consumed", 20_000, () -> received.size() >= 8);
            // consumerProgress lists the queues the group has offsets on: wait for the commits
            // (the client persists them every 500 ms here) instead of racing them
            await(
                    "offsets committed on every queue",
                    20_000,
                    () -> cluster.broker().offsets().offsets(group, topic).size() == QUEUES);
            commandsAboutRunningClients(consumer, topic, group, first, received);
        } finally {
            consumer.shutdown();
        }
        // a push consumer commits its offsets on shutdown at the latest
        await("offsets committed", 10_000, () -> committed(group, topic) == 8);
        for (int i = 8; i < 11; i++) {
            send(topic, "TagC", "c-" + i, "consume " + i);
        }
        awaitDispatched();

        progressCommands(topic, group);
        offsetCommands(topic, group, beforeSends);
    }

    /** Connections, running info and direct consumption: the consumer and producer are online. */
    private void commandsAboutRunningClients(
            DefaultMQPushConsumer consumer, String topic, String group, SendResult first, List<String> received)
            throws Exception {
        String clientId = consumer.buildMQClientId();
        MqadminCli.Result connection = mqadmin.runClean("consumerConnection", "-g", group);
        assertThat(connection.row(clientId)[2]).isEqualTo("JAVA");
        connection.row(topic, "*");
        assertThat(connection.stdout())
                .contains("ConsumeType: CONSUME_PASSIVELY")
                .contains("MessageModel: CLUSTERING")
                .contains("ConsumeFromWhere: CONSUME_FROM_FIRST_OFFSET");

        MqadminCli.Result producers = mqadmin.runClean("producerConnection", "-g", "pg-mqadmin", "-t", topic);
        assertThat(producers.row("0001", producer.buildMQClientId())[3]).isEqualTo("JAVA");

        MqadminCli.Result allProducers = mqadmin.runClean("producer", "-b", addr);
        assertThat(allProducers.stdout())
                .containsPattern("producer group \\(pg-mqadmin\\) instance : clientId="
                        + Pattern.quote(producer.buildMQClientId())
                        + ",remoteIP=127\\.0\\.0\\.1:\\d+, language=JAVA");

        MqadminCli.Result status = mqadmin.runClean("consumerStatus", "-g", group);
        String[] row = status.row("1", clientId);
        assertThat(status.stdout()).contains("Same subscription in the same group of consumer", "Rebalance OK");
        assertThat(mqadmin.workDir().resolve(row[3]))
                .content()
                .contains("#Consumer Subscription#", topic, "#Consumer Offset#");

        MqadminCli.Result byClient = mqadmin.runClean("consumerProgress", "-g", group, "-s", "true");
        for (int q = 0; q < QUEUES; q++) {
            assertThat(byClient.row(topic, brokerName, Integer.toString(q))[5])
                    .as("client IP of queue %d", q)
                    .isEqualTo(clientId.split("@")[0]);
        }

        MqadminCli.Result direct = mqadmin.runClean(
                "queryMsgById", "-t", topic, "-i", first.getOffsetMsgId(), "-g", group, "-d", clientId);
        assertThat(direct.stdout()).contains("consumeResult=CR_SUCCESS");
        assertThat(received.stream().filter("c-0"::equals)).hasSize(2);
    }

    /**
     * Progress and statistics of a group that pulled and consumed 8 of the topic's 11 messages,
     * less than a minute ago (so its per-minute rates are not 0).
     */
    private void progressCommands(String topic, String group) throws Exception {
        MqadminCli.Result stats = mqadmin.runClean("statsAll", "-t", topic);
        String[] s = stats.row(topic, group);
        assertThat(s[2]).as("accumulation").isEqualTo("3");
        assertThat(Double.parseDouble(s[3])).as("in TPS").isPositive();
        assertThat(Double.parseDouble(s[4])).as("out TPS").isPositive();
        assertThat(s[5]).as("messages put in 24 hours").isEqualTo("11");
        assertThat(s[6]).as("messages pulled in 24 hours").isEqualTo("8");

        MqadminCli.Result progress = mqadmin.runClean("consumerProgress", "-g", group);
        Matcher tps = Pattern.compile("(?m)^Consume TPS: ([\\d.]+)$").matcher(progress.stdout());
        assertThat(tps.find()).as("%s", progress).isTrue();
        assertThat(Double.parseDouble(tps.group(1))).as("consume TPS").isPositive();
        long brokerOffsets = 0;
        for (int q = 0; q < QUEUES; q++) {
            String[] c = progress.row(topic, brokerName, Integer.toString(q));
            long brokerOffset = Long.parseLong(c[3]);
            long consumerOffset = Long.parseLong(c[4]);
            assertThat(Long.parseLong(c[5])).isEqualTo(brokerOffset - consumerOffset);
            assertThat(consumerOffset).isEqualTo(cluster.broker().offsets().query(group, topic, q));
            brokerOffsets += brokerOffset;
        }
        assertThat(brokerOffsets).isEqualTo(11);
        assertThat(progress.stdout()).contains("Consume Diff Total: 3");

        MqadminCli.Result groups = mqadmin.runClean("consumerProgress");
        assertThat(groups.row(group)[1]).as("connected clients").isEqualTo("0");

        MqadminCli.Result brokerStats = mqadmin.runClean("brokerConsumeStats", "-b", addr);
        long groupDiff = 0;
        for (String rowOfGroup : brokerStats.rows(topic, group, brokerName)) {
            groupDiff += Long.parseLong(rowOfGroup.trim().split("\\s+")[6]);
        }
        assertThat(groupDiff).as("%s", brokerStats).isEqualTo(3);
        assertThat(brokerStats.stdout()).containsPattern("Diff Total: \\d+");

        MqadminCli.Result groupConfig = mqadmin.runClean("getConsumerConfig", "-g", group);
        assertThat(groupConfig.stdout())
                .contains("=============================" + clusterName + ":" + brokerName)
                .containsPattern("(?m)^groupName\\s+=\\s+" + group + "$");

        mqadmin.runClean("topicList", "-c").row(clusterName, topic, group);
    }

    /** Moving the group's offsets back to a time, to the end, and copying them to another group. */
    private void offsetCommands(String topic, String group, long beforeSends) throws Exception {
        MqadminCli.Result reset =
                mqadmin.runClean("resetOffsetByTime", "-g", group, "-t", topic, "-s", Long.toString(beforeSends));
        for (int q = 0; q < QUEUES; q++) {
            reset.row(brokerName, Integer.toString(q), "0");
            assertThat(cluster.broker().offsets().query(group, topic, q)).isZero();
        }

        MqadminCli.Result skipped = mqadmin.runClean("skipAccumulatedMessage", "-g", group, "-t", topic);
        for (int q = 0; q < QUEUES; q++) {
            long max = cluster.broker().store().maxOffsetInQueue(topic, q);
            skipped.row(brokerName, Integer.toString(q), Long.toString(max));
            assertThat(cluster.broker().offsets().query(group, topic, q)).isEqualTo(max);
        }

        MqadminCli.Result cloned =
                mqadmin.runClean("cloneGroupOffset", "-s", group, "-d", group + "-copy", "-t", topic);
        assertThat(cloned.stdout()).contains("clone group offset success.");
        assertThat(cluster.broker().offsets().offsets(group + "-copy", topic))
                .isEqualTo(cluster.broker().offsets().offsets(group, topic));
    }

    @Test
    @Order(5)
    void subscriptionGroupCreateAndDelete() throws Exception {
        String group = "cg-mqadmin-config";
        MqadminCli.Result created =
                mqadmin.runClean("updateSubGroup", "-c", clusterName, "-g", group, "-r", "3", "-o", "true");
        assertThat(created.stdout())
                .contains("create subscription group to " + addr + " success.")
                .contains("groupName=" + group);
        var config = cluster.broker().groups().get(group);
        assertThat(config).isNotNull();
        assertThat(config.retryMaxTimes()).isEqualTo(3);
        assertThat(config.consumeMessageOrderly()).isTrue();

        Path list = mqadmin.workDir().resolve("groups.json");
        Files.writeString(
                list,
                "[{\"groupName\":\"cg-mqadmin-list-a\",\"retryMaxTimes\":4},"
                        + "{\"groupName\":\"cg-mqadmin-list-b\",\"consumeBroadcastEnable\":false}]");
        MqadminCli.Result listed = mqadmin.runClean("updateSubGroupList", "-c", clusterName, "-f", list.toString());
        assertThat(listed.stdout()).contains("submit batch of subscription group config to " + addr + " success");
        assertThat(cluster.broker().groups().get("cg-mqadmin-list-a").retryMaxTimes())
                .isEqualTo(4);
        assertThat(cluster.broker().groups().get("cg-mqadmin-list-b").consumeBroadcastEnable())
                .isFalse();

        MqadminCli.Result deleted = mqadmin.runClean("deleteSubGroup", "-c", clusterName, "-g", group);
        assertThat(deleted.stdout())
                .contains("delete subscription group [" + group + "] from broker [" + addr + "] in cluster ["
                        + clusterName + "] success.");
        assertThat(cluster.broker().groups().get(group)).isNull();
    }

    @Test
    @Order(6)
    void nameServerKvConfigBrokerWritePermissionAndExport() throws Exception {
        var kv = cluster.namesrv().kvStore();
        MqadminCli.Result put =
                mqadmin.runClean("updateKvConfig", "-s", "MQADMIN_NS", "-k", "answer", "-v", "forty-two");
        assertThat(put.stdout()).contains("create or update kv config to namespace success.");
        assertThat(kv.get("MQADMIN_NS", "answer")).isEqualTo("forty-two");

        MqadminCli.Result removed = mqadmin.runClean("deleteKvConfig", "-s", "MQADMIN_NS", "-k", "answer");
        assertThat(removed.stdout()).contains("delete kv config from namespace success.");
        assertThat(kv.get("MQADMIN_NS", "answer")).isNull();

        String topic = "MqaTopicPerm";
        createTopic(topic, 1);
        MqadminCli.Result wiped = mqadmin.runClean("wipeWritePerm", "-b", brokerName);
        Matcher n = Pattern.compile("wipe write perm of broker\\[" + Pattern.quote(brokerName) + "] in name server\\["
                        + Pattern.quote(cluster.namesrvAddr()) + "] OK, (\\d+)")
                .matcher(wiped.stdout());
        assertThat(n.find()).as("%s", wiped).isTrue();
        assertThat(Integer.parseInt(n.group(1))).isPositive();
        assertThat(routePerm(topic)).isEqualTo(4);

        MqadminCli.Result added = mqadmin.runClean("addWritePerm", "-b", brokerName);
        assertThat(added.stdout())
                .containsPattern("add write perm of broker\\[" + Pattern.quote(brokerName) + "] in name server\\["
                        + Pattern.quote(cluster.namesrvAddr()) + "] OK, [1-9]\\d*");
        assertThat(routePerm(topic)).isEqualTo(6);

        // topics and groups of the earlier tests; the export leaves out system topics and groups
        Path export = mqadmin.workDir().resolve("export");
        MqadminCli.Result exported = mqadmin.runClean("exportMetadata", "-c", clusterName, "-f", export.toString());
        assertThat(exported.stdout()).contains("export " + export.resolve("metadata.json") + " success");
        assertThat(export.resolve("metadata.json"))
                .content()
                .contains("\"MqaTopicMsg\":{", "\"cg-mqadmin\":{")
                .doesNotContain("\"TBW102\"");
    }

    @Test
    @Order(7)
    void storeMaintenanceByHand() throws Exception {
        String unused = "MqaUnused";
        createTopic(unused, 1);
        send(unused, "TagA", "k-unused", "left behind");
        awaitDispatched();
        // the config goes, the consume queue stays: what an old configuration leaves behind
        assertThat(cluster.broker().topics().delete(unused)).isTrue();
        assertThat(cluster.broker().store().topicsWithQueues()).contains(unused, "MqaTopicMsg");

        assertThat(mqadmin.runClean("cleanUnusedTopic", "-b", addr).stdout().strip())
                .isEqualTo("success");
        assertThat(cluster.broker().store().topicsWithQueues())
                .doesNotContain(unused)
                .contains("MqaTopicMsg");
        assertThat(cluster.broker().store().maxOffsetInQueue(unused, 0))
                .as("the deleted queue continues at its offset")
                .isEqualTo(1);

        assertThat(mqadmin.runClean("cleanExpiredCQ", "-b", addr).stdout().strip())
                .isEqualTo("success");
        assertThat(mqadmin.runClean("deleteExpiredCommitLog", "-b", addr)
                        .stdout()
                        .strip())
                .isEqualTo("success");
        assertThat(cluster.broker().store().topicsWithQueues())
                .as("nothing expired")
                .contains("MqaTopicMsg");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private SendResult send(String topic, String tag, String key, String body) throws Exception {
        SendResult result = producer.send(new Message(topic, tag, key, body.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return result;
    }

    /** Sends are acknowledged before the dispatcher indexes them; queries read the indexes. */
    private void awaitDispatched() {
        assertThat(((DefaultMessageStore) cluster.broker().store()).awaitDispatched(5_000))
                .isTrue();
    }

    private long committed(String group, String topic) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e :
                cluster.broker().offsets().offsets(group, topic).entrySet()) {
            sum += e.getValue();
        }
        return sum;
    }

    private void createTopic(String topic, int queues) throws InterruptedException {
        cluster.broker().topics().createOrUpdate(TopicConfig.of(topic, queues, queues, 6));
        awaitRoute(topic);
    }

    private void awaitRoute(String topic) throws InterruptedException {
        await("route of " + topic, 10_000, () -> {
            try {
                return !admin.examineTopicRouteInfo(topic).getQueueDatas().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private int routePerm(String topic) throws Exception {
        TopicRouteData route = admin.examineTopicRouteInfo(topic);
        return route.getQueueDatas().get(0).getPerm();
    }

    /** The file the query commands write the message body to (a fixed folder of the official tool). */
    private static Path bodyFile(MqadminCli.Result result) {
        Matcher m = Pattern.compile("(?m)^Message Body Path:\\s+(\\S+)$").matcher(result.stdout());
        assertThat(m.find()).as("%s", result).isTrue();
        return Path.of(m.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
