package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.annotation.SelectorType;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.apache.rocketmq.spring.support.RocketMQHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A Spring Boot application as a user writes it — the official {@code rocketmq-spring-boot-starter}
 * 2.3.4, a {@code @RocketMQMessageListener} with {@code selectorType = SQL92} and {@code
 * selectorExpression = "a > 5"}, a {@code RocketMQTemplate} — started against Skiff: it starts
 * (the starter's start-up check of the expression used to stop the whole application), and the
 * listener receives exactly the messages whose property {@code a} is above 5.
 *
 * <p>The application registers its beans without component scanning, and without Jackson's
 * auto-configuration (which scans the application's package for mix-ins): Spring Boot 2.7 reads
 * scanned classes with an ASM that does not know this JDK's class files. Its logging system is switched off
 * ({@code org.springframework.boot.logging.LoggingSystem=none}): the build's Logback is newer than
 * the one Spring Boot 2.7 drives.
 */
@Timeout(120)
class SpringSqlListenerTest {
    static final String TOPIC = "spring-sql";
    static final Set<String> RECEIVED = ConcurrentHashMap.newKeySet();
    /** After the expected messages: how long a wrongly matched one would still have to arrive. */
    private static final long LATE_ARRIVAL_WINDOW_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aSpringBootSql92ListenerStartsAndReceivesExactlyTheMatchingMessages() throws Exception {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        RECEIVED.clear();
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            createTopic(cluster, TOPIC, 2);
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(Map.of(
                            "rocketmq.name-server", cluster.namesrvAddr(),
                            "rocketmq.producer.group", "spring-sql-producer",
                            "spring.main.banner-mode", "off"))
                    .run()) {
                RocketMQTemplate template = app.getBean(RocketMQTemplate.class);
                Set<String> expected = ConcurrentHashMap.newKeySet();
                for (int i = 0; i < 40; i++) {
                    int a = i % 10; // 0..9: four of each; a > 5 for 6, 7, 8, 9
                    String body = "order-" + i + "-a" + a;
                    template.syncSend(
                            TOPIC,
                            MessageBuilder.withPayload(body)
                                    .setHeader("a", Integer.toString(a))
                                    .setHeader(RocketMQHeaders.KEYS, "k" + i)
                                    .build());
                    if (a > 5) {
                        expected.add(body);
                    }
                }
                assertThat(expected).hasSize(16);
                ConsumeSupport.await("the 16 matching messages", 60_000, () -> RECEIVED.containsAll(expected));
                Await.staysTrue(
                        "only the 16 matching messages received",
                        Duration.ofMillis(LATE_ARRIVAL_WINDOW_MS),
                        () -> RECEIVED.equals(expected));
                assertThat(RECEIVED).isEqualTo(expected);
                assertThat(cluster.broker()
                                .consumers()
                                .subscription("spring-sql-listeners", TOPIC)
                                .expressionType())
                        .as("the broker filtered with the listener's SQL92 subscription")
                        .isEqualTo("SQL92");
            }
        }
    }

    /** The application: Spring Boot's auto-configuration (the starter's included) and one listener. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(exclude = JacksonAutoConfiguration.class) // it scans the package (see above)
    @Import(HighValueOrders.class)
    static class OrdersApplication {}

    /** A listener as the starter's documentation shows it, with a SQL92 selector. */
    @RocketMQMessageListener(
            topic = TOPIC,
            consumerGroup = "spring-sql-listeners",
            selectorType = SelectorType.SQL92,
            selectorExpression = "a > 5")
    static class HighValueOrders implements RocketMQListener<String> {
        @Override
        public void onMessage(String body) {
            RECEIVED.add(body);
        }
    }
}
