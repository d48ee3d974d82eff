package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.await;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static dev.skiff.broker.it.ConsumeSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's {@code /metrics} endpoint over real HTTP after known traffic from the official
 * clients: exact messages in and out per topic, lag per group, official names and labels, and
 * every line valid Prometheus text format.
 */
class MetricsScrapeTest {
    /** A sample line: name, optional labels, a value (the text format 0.0.4, without timestamps). */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})?"
                    + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("metricsExporterType", "PROM");
        props.setProperty("metricsPromExporterHost", "127.0.0.1");
        props.setProperty("metricsPromExporterPort", "0");
        props.setProperty("brokerClusterName", "MetricsCluster");
        cluster = SkiffTestCluster.start(dir, props);
        producer = OfficialClients.producer(cluster, "pg-metrics");
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void scrapeShowsExactCountsAndLag() throws Exception {
        String topic = "MetricsTopic";
        createTopic(cluster, topic, 1);
        send(producer, topic, "TagA", "m", 20);
        send(producer, "OtherMetricsTopic", "TagA", "o", 3);

        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("cg-metrics");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("metrics-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setAutoCommit(false);
        consumer.setPollTimeoutMillis(500);
        consumer.start();
        List<MessageExt> got = new ArrayList<>();
        try {
            consumer.assign(
                    List.of(new MessageQueue(topic, cluster.broker().config().brokerName(), 0)));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.size() < 20 && System.nanoTime() - deadline < 0) {
                got.addAll(consumer.poll());
            }
        } finally {
            consumer.shutdown();
        }
        assertThat(got).hasSize(20);
        cluster.broker().offsets().commit("cg-metrics", topic, 0, 15);

        String node = "cluster=\"MetricsCluster\",node_id=\""
                + cluster.broker().config().brokerName() + "\",node_type=\"broker\"";
        String[] text = {""};
        await("out counts", 10_000, () -> {
            text[0] = scrape(cluster.broker().metrics().port());
            writeForReview(text[0]);
            return value(text[0], "rocketmq_messages_out_total", "consumer_group=\"cg-metrics\"") == 20;
        });
        String body = text[0];
        assertThat(value(body, "rocketmq_messages_in_total", "topic=\"" + topic + "\""))
                .isEqualTo(20);
        assertThat(value(body, "rocketmq_messages_in_total", "topic=\"OtherMetricsTopic\""))
                .isEqualTo(3);
        assertThat(body)
                .contains("rocketmq_messages_in_total{cluster=\"MetricsCluster\",is_system=\"false\",node_id=\""
                        + cluster.broker().config().brokerName() + "\",node_type=\"broker\",topic=\"" + topic
                        + "\"} 20.0");
        assertThat(value(body, "rocketmq_throughput_in_total", "topic=\"" + topic + "\""))
                .isGreaterThan(20 * 50);
        assertThat(value(body, "rocketmq_consumer_lag_messages", "consumer_group=\"cg-metrics\""))
                .isEqualTo(5);
        assertThat(value(body, "rocketmq_consumer_lag_latency_milliseconds", "consumer_group=\"cg-metrics\""))
                .isGreaterThanOrEqualTo(0);
        assertThat(value(body, "rocketmq_message_size_count", node)).isGreaterThanOrEqualTo(23);
        assertThat(value(body, "rocketmq_topic_number", node)).isGreaterThanOrEqualTo(2);
        assertThat(value(body, "skiff_commitlog_append_latency_microseconds_count", node))
                .isGreaterThanOrEqualTo(23);
        assertThat(value(body, "rocketmq_storage_size_bytes", node)).isGreaterThan(0);
        assertThat(value(
                        body,
                        "rocketmq_rpc_latency_milliseconds_count",
                        "protocol_type=\"remoting\",request_code=\"send_message_v2\",response_code=\"success\","
                                + "result=\"success\""))
                .isGreaterThanOrEqualTo(23);
        assertThat(body).contains("# TYPE rocketmq_rpc_latency_milliseconds histogram");
        assertThat(body)
                .contains("rocketmq_producer_connections{")
                .contains("rocketmq_processor_watermark{")
                .contains("rocketmq_consumer_group_number{")
                .contains("skiff_long_polls_held{")
                .contains("skiff_jvm_buffer_pool_used_bytes{")
                .contains("skiff_dispatch_lag_bytes{")
                .contains("skiff_commitlog_flush_latency_microseconds_bucket{")
                .contains("skiff_commitlog_group_commit_bytes_count{");
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertThat(SAMPLE.matcher(line).matches()).as("line: %s", line).isTrue();
        }
    }

    /** The value of the one sample of {@code name} whose labels contain {@code labelPart}; -1 when none. */
    static double value(String body, String name, String labelPart) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(body);
        double found = -1;
        while (m.find()) {
            if (m.group(1).contains(labelPart)) {
                assertThat(found)
                        .as("one sample of %s with %s", name, labelPart)
                        .isEqualTo(-1);
                found = Double.parseDouble(m.group(2));
            }
        }
        return found;
    }

    /** Keeps the last scrape under target/ for review. */
    private static void writeForReview(String body) {
        try {
            java.nio.file.Files.writeString(Path.of("target", "metrics-scrape.txt"), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String scrape(int port) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
