package dev.skiff.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium} package, at {@code
 * /usr/bin/chromium} or where {@code SKIFF_CHROMIUM} says) loads each page against a real cluster,
 * runs its script, and the page it rendered (the DOM after the script ran) shows the cluster's
 * broker, the topic with its messages, and the group's lag. A screenshot of each page is written
 * under {@code target/console-screenshots/} for review. Skipped when no Chromium is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("chromiumInstalled")
class ConsoleBrowserTest {
    private static final String TOPIC = "BrowserTopic";
    private static final long BROWSER_WAIT_S = 90;

    private ConsoleTestCluster cluster;
    private ConsoleServer console;
    private DefaultMQProducer producer;
    private Path profile;

    static boolean chromiumInstalled() {
        return Files.isExecutable(chromium());
    }

    static Path chromium() {
        String configured = System.getenv("SKIFF_CHROMIUM");
        return Path.of(configured != null ? configured : "/usr/bin/chromium");
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = new ConsoleTestCluster(dir);
        profile = dir.resolve("chromium-profile");
        Properties p = new Properties();
        p.setProperty("namesrvAddr", cluster.namesrvAddr());
        p.setProperty("consoleListenPort", "0");
        p.setProperty("consoleWriteEnabled", "true");
        console = new ConsoleServer(ConsoleConfig.fromProperties(p), SkiffClock.system());
        console.start();
        producer = new DefaultMQProducer("pg-browser");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("browser-p-" + System.nanoTime());
        producer.setSendMsgTimeout(20_000);
        producer.setMqClientApiTimeout(10_000); // a loaded machine answers the first route lookup slowly
        producer.start();
        ConsoleHttp http = new ConsoleHttp(console.port());
        http.action("/api/topic/create", new dev.skiff.common.json.JsonObject().put("topic", TOPIC));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (http.get("/api/topic?name=" + TOPIC).statusCode() != 200) {
            assertThat(System.nanoTime()).as("route of " + TOPIC).isLessThan(deadline);
            Thread.sleep(100);
        }
        for (int i = 0; i < 12; i++) {
            assertThat(producer.send(new Message(
                                    TOPIC, "t", "bk-" + i, ("<b>x" + i + "</b>").getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
    }

    @AfterAll
    void stop() {
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
    void theClusterPageShowsTheBrokerAndItsRole() throws Exception {
        String dom = render("cluster", "");
        assertThat(dom).contains(ConsoleTestCluster.BROKER).contains("MASTER").contains(cluster.brokerAddr());
        assertThat(dom).contains("<canvas");
    }

    @Test
    void theTopicsPageListsTheTopicAndItsPageShowsTheMessages() throws Exception {
        String list = render("topics", "#topics");
        assertThat(list).contains("href=\"#topic/" + TOPIC + "\"");
        assertThat(list).doesNotContain(">TBW102<");
        String topic = render("topic", "#topic/" + TOPIC);
        assertThat(topic).contains("12 message(s) held").contains("Send a test message");
    }

    @Test
    void theMessagesPageAndTheGroupsPageRender() throws Exception {
        assertThat(render("messages", "#messages")).contains("Find messages").contains("id=\"msg-topic\"");
        assertThat(render("groups", "#groups")).contains("Consumer groups").contains("page 1 of");
        assertThat(render("group", "#group/cg-none")).contains("lag 0 message(s)");
    }

    /** Loads the page at {@code hash} in headless Chromium; returns its DOM after the script ran, and saves a screenshot. */
    private String render(String name, String hash) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + console.port() + "/" + hash;
        Path shots = Path.of("target", "console-screenshots");
        Files.createDirectories(shots);
        run(List.of("--screenshot=" + shots.resolve(name + ".png").toAbsolutePath(), "--window-size=1280,900", url));
        return run(List.of("--dump-dom", url));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                chromium().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
        command.addAll(args);
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(p.waitFor(BROWSER_WAIT_S, TimeUnit.SECONDS))
                    .as("chromium finished")
                    .isTrue();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
