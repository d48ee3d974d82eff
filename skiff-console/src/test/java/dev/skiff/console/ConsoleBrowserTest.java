package dev.skiff.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.it.SkiffTestCluster;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: one headless Chromium for the whole class (Debian's {@code
 * chromium} package; see {@link HeadlessChromium}) driven over the DevTools protocol ({@link
 * CdpPage}) against a real cluster and a console with {@code consoleWriteEnabled=true}. Each page
 * is loaded and its script's rendering waited for (the DOM polled, bounded) and checked; then the
 * forms are filled in and submitted with the mouse and keyboard as a user would — a test message
 * sent and found again by its key on the messages page, a topic created, a group's offsets reset —
 * and each effect is checked on the cluster through the official admin client. The page's scripts
 * must throw nothing. A screenshot of each page is written under {@code target/console-screenshots/}.
 * Skipped when no Chromium is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf("chromiumInstalled")
@Timeout(180)
class ConsoleBrowserTest {
    private static final String TOPIC = "BrowserTopic";
    private static final String GROUP = "cg-browser";
    private static final int SENT = 12;
    private static final Duration RENDER_MAX = Duration.ofSeconds(30);
    private static final Duration CLUSTER_MAX = Duration.ofSeconds(60);
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final AtomicInteger IDS = new AtomicInteger();

    private SkiffTestCluster cluster;
    private ConsoleServer console;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private CompletableFuture<HeadlessChromium> browser;
    private HeadlessChromium chromium;
    private CdpPage page;

    static boolean chromiumInstalled() {
        return HeadlessChromium.installed();
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // Chromium starts (seconds on a loaded machine) while the cluster does
        browser = CompletableFuture.supplyAsync(() -> {
            try {
                return HeadlessChromium.start(dir.resolve("chromium-profile"));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        cluster = ConsoleTestCluster.start(dir);
        Properties p = new Properties();
        p.setProperty("namesrvAddr", cluster.namesrvAddr());
        p.setProperty("consoleListenPort", "0");
        p.setProperty("consoleWriteEnabled", "true");
        console = new ConsoleServer(ConsoleConfig.fromProperties(p), SkiffClock.system());
        console.start();
        producer = new DefaultMQProducer("pg-browser");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("browser-p-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(20_000);
        producer.setMqClientApiTimeout(10_000); // a loaded machine answers the first route lookup slowly
        producer.start();
        admin = new DefaultMQAdminExt(10_000);
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("browser-a-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        admin.start();
        ConsoleHttp http = new ConsoleHttp(console.port());
        http.action("/api/topic/create", new dev.skiff.common.json.JsonObject().put("topic", TOPIC));
        await("route of " + TOPIC, () -> http.get("/api/topic?name=" + TOPIC).statusCode() == 200);
        for (int i = 0; i < SENT; i++) {
            assertThat(producer.send(new Message(
                                    TOPIC, "t", "bk-" + i, ("<b>x" + i + "</b>").getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        chromium = browser.get(90, TimeUnit.SECONDS);
        page = chromium.page();
    }

    @AfterAll
    void stop() {
        if (chromium == null && browser != null) { // the set-up failed while Chromium was starting
            try {
                chromium = browser.get(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                chromium = null; // it did not start: nothing to end
            }
        }
        if (chromium != null) {
            chromium.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (console != null) {
            console.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyPageRendersTheCluster() throws Exception {
        open("#cluster");
        String clusterPage = page.awaitText("#view", cluster.brokerAddr(), RENDER_MAX);
        assertThat(clusterPage).contains(ConsoleTestCluster.BROKER).contains("MASTER");
        assertThat(page.eval("document.querySelectorAll('#rate-chart').length").asLong())
                .isEqualTo(1);
        assertThat(page.text("#mode")).isEqualTo("actions enabled");
        page.screenshot(SHOTS.resolve("cluster.png"));

        open("#topics");
        page.awaitText("#view", TOPIC, RENDER_MAX);
        assertThat(page.eval("document.querySelector('#view a[href=\"#topic/" + TOPIC + "\"]') !== null")
                        .asBoolean())
                .isTrue();
        assertThat(page.text("#view table")).doesNotContain("TBW102");
        page.screenshot(SHOTS.resolve("topics.png"));

        open("#topic/" + TOPIC);
        assertThat(page.awaitText("#view", "message(s) held", RENDER_MAX))
                .contains(SENT + " message(s) held")
                .contains("Send a test message");
        page.screenshot(SHOTS.resolve("topic.png"));

        open("#groups");
        assertThat(page.awaitText("#view", "page 1 of", RENDER_MAX)).contains("Consumer groups");
        page.screenshot(SHOTS.resolve("groups.png"));

        open("#group/cg-none");
        page.awaitText("#view", "lag 0 message(s)", RENDER_MAX);
        page.screenshot(SHOTS.resolve("group.png"));

        open("#messages");
        page.awaitText("#view", "Find messages", RENDER_MAX);
        page.screenshot(SHOTS.resolve("messages.png"));
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void aMessageSentFromTheFormIsFoundByItsKey() throws Exception {
        open("#topic/" + TOPIC);
        page.awaitText("#view", "Send a test message", RENDER_MAX);
        String body = "typed in a browser <i>é</i>";
        page.type("#send-body", body);
        page.type("#send-key", "browser-key");
        page.type("#send-tag", "bt");
        page.click("document.getElementById('send-body').form.querySelector('button')");
        String result = page.awaitText("#send-result", "offset", RENDER_MAX);
        assertThat(result).startsWith("SUCCESS").contains(ConsoleTestCluster.BROKER);

        await("the key indexed", () -> query("browser-key").getMessageList().size() == 1);
        MessageExt stored = query("browser-key").getMessageList().get(0);
        assertThat(new String(stored.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(stored.getTags()).isEqualTo("bt");
        assertThat(result).endsWith("queue " + stored.getQueueId() + " offset " + stored.getQueueOffset());

        open("#messages");
        page.awaitText("#view", "Find messages", RENDER_MAX);
        page.type("#msg-topic", TOPIC);
        page.type("#msg-key", "browser-key");
        page.click("document.getElementById('msg-topic').form.querySelector('button')");
        assertThat(page.awaitText("#msg-results", body, RENDER_MAX)).contains("browser-key");
        page.screenshot(SHOTS.resolve("message-found.png"));
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void aTopicIsCreatedFromTheForm() throws Exception {
        open("#topics");
        page.awaitText("#view", "Create or update a topic", RENDER_MAX);
        page.type("#new-topic", "BrowserMade");
        page.type("#new-topic-queues", "3");
        page.click("document.getElementById('new-topic').form.querySelector('button')");
        page.awaitText("#view", "created on " + ConsoleTestCluster.BROKER, RENDER_MAX);

        TopicConfigSerializeWrapper all = admin.getAllTopicConfig(cluster.brokerAddr(), 10_000);
        TopicConfig made = all.getTopicConfigTable().get("BrowserMade");
        assertThat(made).as("the topic on the broker").isNotNull();
        assertThat(made.getWriteQueueNums()).isEqualTo(3);
        assertThat(made.getReadQueueNums()).isEqualTo(3);
        await("the route of the new topic", () -> admin.examineTopicRouteInfo("BrowserMade") != null);
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void lagShowsFallsAfterConsumingAndTheResetFormMovesTheOffsets() throws Exception {
        int held = SENT + 1; // the test message of the form
        CountDownLatch consumed = new CountDownLatch(held);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("browser-c-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> consumed.countDown());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            assertThat(consumed.await(CLUSTER_MAX.toSeconds(), TimeUnit.SECONDS))
                    .as("the group consumed the topic")
                    .isTrue();
            // the listener returned; the consumer moves its offsets just after: wait for that
            Set<MessageQueue> queues = consumer.fetchSubscribeMessageQueues(TOPIC);
            await("the consumer's offsets past every message", () -> consumedUpTo(consumer, queues) == held);
        } finally {
            consumer.shutdown(); // commits its offsets (its periodic commit first runs 10 s after start)
        }
        await("the group's offsets committed", () -> lag() == 0);
        open("#group/" + GROUP);
        page.awaitText("#view", "lag 0 message(s)", RENDER_MAX);

        for (int i = 0; i < 5; i++) {
            assertThat(producer.send(new Message(TOPIC, ("more-" + i).getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        assertThat(lag()).isEqualTo(5);
        open("#group/" + GROUP);
        page.awaitText("#view", "lag 5 message(s)", RENDER_MAX);
        page.screenshot(SHOTS.resolve("group-lag.png"));

        page.type("#reset-topic", TOPIC); // the time left empty: to the end
        page.click("document.getElementById('reset-topic').form.querySelector('button')");
        page.awaitText("#view", "reset " + ConsoleTestCluster.BROKER + ":", RENDER_MAX);
        assertThat(lag()).as("lag after the reset to the end").isZero();
        open("#group/" + GROUP);
        page.awaitText("#view", "lag 0 message(s)", RENDER_MAX);
        assertThat(page.scriptErrors()).isEmpty();
    }

    /**
     * Loads the console at {@code hash} as a fresh document, so its script starts over: through
     * {@code about:blank}, since going to the URL the page already shows would only be a
     * same-document fragment navigation that re-renders nothing.
     */
    private void open(String hash) throws Exception {
        page.navigate("about:blank");
        page.navigate("http://127.0.0.1:" + console.port() + "/" + hash);
    }

    private QueryResult query(String key) throws Exception {
        return admin.queryMessage(TOPIC, key, 32, 0, Long.MAX_VALUE);
    }

    /**
     * The offsets {@code consumer} holds in memory, summed: what its shutdown commits. (The
     * official consumer's only public way to read them is deprecated, but it is the one there is.)
     */
    @SuppressWarnings("deprecation")
    private static long consumedUpTo(DefaultMQPushConsumer consumer, Set<MessageQueue> queues) {
        return queues.stream()
                .mapToLong(q -> Math.max(0, consumer.getOffsetStore().readOffset(q, ReadOffsetType.READ_FROM_MEMORY)))
                .sum();
    }

    /** The group's lag on the topic, from the official admin client. */
    private long lag() throws Exception {
        return admin.examineConsumeStats(GROUP, TOPIC).computeTotalDiff();
    }

    /**
     * Waits for {@code condition}; an exception from it (the official admin's "no route yet") counts
     * as not yet, and the failure names the last one.
     */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Await.answer(what, CLUSTER_MAX, condition, Boolean.TRUE::equals);
    }
}
