package dev.skiff.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.it.SkiffTestCluster;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.testing.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's JSON API against a real name server and broker, with traffic from the official
 * producer and push consumer: the cluster view, topics and their offsets, a group's lag before
 * and after consuming, message lookup by key, unique id and offset id, paging bounds, and the
 * actions (refused on a read-only console; on a writable one a test message sent through the
 * console is found by its key, a topic is created, a group's offsets are reset).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiTest {
    private static final String TOPIC = "ConsoleTopic";
    private static final String GROUP = "cg-console";
    private static final int SENT = 30;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger IDS = new AtomicInteger();

    private SkiffTestCluster cluster;
    private ConsoleServer readOnly;
    private ConsoleServer writable;
    private ConsoleHttp ro;
    private ConsoleHttp rw;
    private DefaultMQProducer producer;
    private final List<SendResult> sent = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = ConsoleTestCluster.start(dir);
        readOnly = console(false);
        writable = console(true);
        ro = new ConsoleHttp(readOnly.port());
        rw = new ConsoleHttp(writable.port());
        producer = new DefaultMQProducer("pg-console");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("console-p-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        for (int i = 0; i < SENT; i++) {
            Message m = new Message(TOPIC, "tag-a", "k-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            SendResult r = producer.send(m);
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sent.add(r);
        }
    }

    private ConsoleServer console(boolean write) throws Exception {
        Properties p = new Properties();
        p.setProperty("namesrvAddr", cluster.namesrvAddr());
        p.setProperty("consoleListenPort", "0");
        p.setProperty("consoleWriteEnabled", Boolean.toString(write));
        p.setProperty("consolePageSizeMax", "50");
        ConsoleServer server = new ConsoleServer(ConsoleConfig.fromProperties(p), SkiffClock.system());
        server.start();
        return server;
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (readOnly != null) {
            readOnly.close();
        }
        if (writable != null) {
            writable.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void infoSaysWhetherActionsAreAllowed() throws Exception {
        assertThat(ro.json("/api/info").getBoolean("writeEnabled", true)).isFalse();
        assertThat(rw.json("/api/info").getBoolean("writeEnabled", false)).isTrue();
        assertThat(ro.json("/api/info").getArray("namesrvAddr").strings()).containsExactly(cluster.namesrvAddr());
    }

    @Test
    @Order(2)
    void clusterShowsTheBrokerItsRoleAndReplication() throws Exception {
        JsonObject c = ro.json("/api/cluster");
        assertThat(c.getLong("brokersTotal", -1)).isEqualTo(1);
        JsonObject broker = c.getArray("brokers").get(0).asObject();
        assertThat(broker.getString("cluster")).isEqualTo(ConsoleTestCluster.CLUSTER);
        assertThat(broker.getString("brokerName")).isEqualTo(ConsoleTestCluster.BROKER);
        JsonObject master = broker.getArray("replicas").get(0).asObject();
        assertThat(master.getString("role")).isEqualTo("MASTER");
        assertThat(master.getString("addr")).isEqualTo(cluster.brokerAddr());
        assertThat(master.has("error")).as(master.toString()).isFalse();
        assertThat(master.getObject("runtime").getString("brokerVersionDesc")).isNotBlank();
        assertThat(Long.parseLong(master.getObject("runtime").getString("commitLogMaxOffset")))
                .isPositive();
        JsonObject ha = master.getObject("ha");
        assertThat(ha.getBoolean("available", false)).isTrue();
        assertThat(ha.getBoolean("master", false)).isTrue();
        assertThat(ha.getArray("slaves").size()).isZero();
    }

    @Test
    @Order(3)
    void topicsArePagedFilteredAndHideSystemTopics() throws Exception {
        JsonObject page = ro.json("/api/topics");
        assertThat(page.getArray("items").strings()).contains(TOPIC).doesNotContain("TBW102");
        assertThat(ro.json("/api/topics?system=true").getArray("items").strings())
                .contains("TBW102");
        JsonObject filtered = ro.json("/api/topics?q=Console");
        assertThat(filtered.getArray("items").strings()).containsExactly(TOPIC);
        JsonObject one = ro.json("/api/topics?system=true&size=1&page=1");
        assertThat(one.getArray("items").size()).isEqualTo(1);
        assertThat(one.getLong("total", 0)).isGreaterThan(1);
        assertThat(ro.get("/api/topics?size=51").statusCode()).isEqualTo(400);
        assertThat(ro.get("/api/topics?page=-1").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void topicShowsQueuesAndOffsets() throws Exception {
        JsonObject t = ro.json("/api/topic?name=" + TOPIC);
        assertThat(t.getLong("messages", -1)).isEqualTo(SENT);
        JsonObject b = t.getArray("brokers").get(0).asObject();
        assertThat(b.getString("brokerName")).isEqualTo(ConsoleTestCluster.BROKER);
        assertThat(b.getString("addr")).isEqualTo(cluster.brokerAddr());
        JsonArray queues = b.getArray("queues");
        assertThat(queues.size()).isEqualTo((int) b.getLong("writeQueueNums", -1));
        long max = 0;
        for (JsonValue q : queues) {
            max += q.asObject().getLong("maxOffset", 0);
        }
        assertThat(max).isEqualTo(SENT);
        assertThat(ro.get("/api/topic?name=NoSuchTopic").statusCode()).isEqualTo(404);
        assertThat(ro.get("/api/topic?name=%3Cscript%3E").statusCode()).isEqualTo(400);
        assertThat(ro.get("/api/topic").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void messagesAreFoundByKeyUniqueIdAndOffsetId() throws Exception {
        JsonArray byKey = ro.json("/api/message?topic=" + TOPIC + "&key=k-7").getArray("messages");
        assertThat(byKey.size()).isEqualTo(1);
        JsonObject m = byKey.get(0).asObject();
        assertThat(m.getString("body")).isEqualTo("body-7");
        assertThat(m.getString("keys")).isEqualTo("k-7");
        assertThat(m.getString("tags")).isEqualTo("tag-a");
        assertThat(m.getString("bodyEncoding")).isEqualTo("utf-8");
        assertThat(m.getObject("properties").getString("KEYS")).isEqualTo("k-7");

        SendResult r = sent.get(11);
        JsonArray byUnique =
                ro.json("/api/message?topic=" + TOPIC + "&id=" + r.getMsgId()).getArray("messages");
        assertThat(byUnique.size()).isEqualTo(1);
        assertThat(byUnique.get(0).asObject().getString("body")).isEqualTo("body-11");

        JsonArray byOffset = ro.json("/api/message?topic=" + TOPIC + "&id=" + r.getOffsetMsgId())
                .getArray("messages");
        assertThat(byOffset.size()).isEqualTo(1);
        assertThat(byOffset.get(0).asObject().getString("msgId")).isEqualTo(r.getOffsetMsgId());
        assertThat(byOffset.get(0).asObject().getLong("queueOffset", -1)).isEqualTo(r.getQueueOffset());

        assertThat(ro.json("/api/message?topic=" + TOPIC + "&key=no-such-key")
                        .getArray("messages")
                        .size())
                .isZero();
        // an offset id naming a server that is not a listed broker is not followed
        assertThat(ro.json("/api/message?topic=" + TOPIC + "&id=0A0000010000270F0000000000000000")
                        .getArray("messages")
                        .size())
                .isZero();
        assertThat(ro.get("/api/message?topic=" + TOPIC).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void groupLagFallsAfterConsumingAndRisesAfterSending() throws Exception {
        CountDownLatch received = new CountDownLatch(SENT);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("console-c-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        consumer.setPollNameServerInterval(1_000);
        consumer.setHeartbeatBrokerInterval(1_000);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(x -> received.countDown());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            assertThat(received.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            await(
                    "group listed",
                    () -> ro.json("/api/groups").getArray("items").strings().contains(GROUP));
            await("lag 0 after consuming", () -> {
                JsonObject g = ro.json("/api/group?name=" + GROUP);
                return g.getLong("lag", -1) == 0 && g.getObject("queues").getLong("total", 0) > 0;
            });
            JsonObject g = ro.json("/api/group?name=" + GROUP);
            assertThat(g.getLong("membersTotal", 0)).isEqualTo(1);
            JsonObject member = g.getArray("members").get(0).asObject();
            assertThat(member.getString("language")).isEqualTo("JAVA");
            assertThat(g.getString("messageModel")).isEqualTo("CLUSTERING");
        } finally {
            consumer.shutdown();
        }
        for (int i = 0; i < 10; i++) {
            producer.send(new Message(TOPIC, "tag-b", "later-" + i, "x".getBytes(StandardCharsets.UTF_8)));
        }
        JsonObject after = ro.json("/api/group?name=" + GROUP + "&size=2");
        assertThat(after.getLong("lag", -1)).isEqualTo(10);
        assertThat(after.getLong("membersTotal", -1)).isZero();
        JsonObject queues = after.getObject("queues");
        assertThat(queues.getArray("items").size()).isEqualTo(2);
        assertThat(queues.getArray("items").get(0).asObject().getLong("lag", -1))
                .isGreaterThanOrEqualTo(
                        queues.getArray("items").get(1).asObject().getLong("lag", -1));
    }

    @Test
    @Order(7)
    void actionsAreRefusedOnAReadOnlyConsole() throws Exception {
        String body = "{\"topic\":\"" + TOPIC + "\",\"body\":\"nope\"}";
        HttpResponse<String> r = ro.post("/api/send", "application/json", body, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("read-only");
        assertThat(ro.post("/api/topic/create", "application/json", "{\"topic\":\"X1\"}", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(ro.json("/api/message?topic=" + TOPIC + "&key=nope")
                        .getArray("messages")
                        .size())
                .isZero();
        // a form post from a page elsewhere is refused even where actions are enabled
        assertThat(rw.post("/api/send", "application/x-www-form-urlencoded", "topic=" + TOPIC + "&body=x", null)
                        .statusCode())
                .isEqualTo(415);
        assertThat(rw.post("/api/send", "application/json", body, "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(rw.get("/api/send").statusCode()).isEqualTo(405);
        assertThat(rw.post("/api/send", "application/json", "[1]", null).statusCode())
                .isEqualTo(400);
        String big = "{\"topic\":\"" + TOPIC + "\",\"body\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertThat(rw.post("/api/send", "application/json", big, null).statusCode())
                .isEqualTo(413);
    }

    @Test
    @Order(8)
    void aTestMessageSentFromTheConsoleIsFoundByItsKey() throws Exception {
        String text = "hello <b>console</b> \u00e9";
        JsonObject r = rw.action(
                "/api/send",
                new JsonObject()
                        .put("topic", TOPIC)
                        .put("body", text)
                        .put("key", "console-key")
                        .put("tag", "t1"));
        assertThat(r.getString("status")).isEqualTo("SUCCESS");
        assertThat(r.getString("brokerName")).isEqualTo(ConsoleTestCluster.BROKER);
        JsonArray found =
                ro.json("/api/message?topic=" + TOPIC + "&key=console-key").getArray("messages");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).asObject().getString("body")).isEqualTo(text);
        assertThat(found.get(0).asObject().getString("msgId")).isEqualTo(r.getString("msgId"));
        JsonArray byUnique = ro.json("/api/message?topic=" + TOPIC + "&id=" + r.getString("uniqKey"))
                .getArray("messages");
        assertThat(byUnique.size()).isEqualTo(1);
        HttpResponse<String> raw = ro.get("/api/message?topic=" + TOPIC + "&key=console-key");
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(raw.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    @Order(9)
    void aTopicIsCreatedAndAGroupsOffsetsAreReset() throws Exception {
        JsonObject created = rw.action(
                "/api/topic/create",
                new JsonObject().put("topic", "ConsoleMade").put("queues", 3));
        assertThat(created.getArray("brokers").strings()).containsExactly(ConsoleTestCluster.BROKER);
        await(
                "route of the new topic",
                () -> ro.get("/api/topic?name=ConsoleMade").statusCode() == 200);
        JsonObject t = ro.json("/api/topic?name=ConsoleMade");
        assertThat(t.getArray("brokers").get(0).asObject().getLong("writeQueueNums", -1))
                .isEqualTo(3);

        JsonObject reset = rw.action(
                "/api/group/reset-offset",
                new JsonObject().put("group", GROUP).put("topic", TOPIC).put("timestamp", 0));
        assertThat(reset.getArray("brokers").get(0).asObject().getLong("queues", -1))
                .isPositive();
        assertThat(ro.json("/api/group?name=" + GROUP).getLong("lag", -1)).isEqualTo(SENT + 10 + 1);
    }

    @Test
    @Order(10)
    void unknownPathsAndMethodsAreClearErrors() throws Exception {
        HttpResponse<String> r = ro.get("/api/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no API path");
        assertThat(ro.get("/api/group").statusCode()).isEqualTo(400);
    }

    /**
     * Waits for {@code condition}; an exception from it (the official admin's "no route yet") counts
     * as not yet, and the failure names the last one.
     */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Await.answer(what, WAIT, condition, Boolean.TRUE::equals);
    }
}
