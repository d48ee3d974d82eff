package dev.skiff.bench.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.it.SkiffTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature workloads' senders against an in-process Skiff (name server + broker) through the
 * official client: async sends with resends, fixed-count and paced send loops, and a SQL92 drain
 * of what was sent.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one name server and broker for all the tests
class FeatureSendersTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    private SkiffTestCluster cluster;
    private OfficialClients clients;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = SkiffTestCluster.start(dir);
        clients = new OfficialClients(cluster.namesrvAddr());
    }

    @AfterAll
    void stop() {
        clients.close();
        cluster.close();
        System.out.print(log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void asyncSendsStoreEveryUnitAndTheSqlConsumerGetsExactlyTheMatches() throws Exception {
        DefaultMQProducer producer = clients.producer("senders-test");
        OfficialClients.awaitFirstSend(producer, "FeatureSql", 30_000);
        int batches = 50;
        AsyncSender.Result r = AsyncSender.send(
                producer,
                batches,
                b -> {
                    List<Message> batch = new java.util.ArrayList<>();
                    for (int j = b * 10; j < b * 10 + 10; j++) {
                        Message m = new Message("FeatureSql", new byte[16]);
                        m.putUserProperty("a", Integer.toString(j % 100));
                        batch.add(m);
                    }
                    return batch;
                },
                8,
                60_000,
                out,
                "fill");
        assertThat(r.stored()).isEqualTo(batches);
        assertThat(r.cutShort()).isFalse();

        CountDownLatch all = new CountDownLatch(50); // a < 10 of 500 messages
        AtomicLong wrong = new AtomicLong();
        clients.pushConsumer("senders-sql", "FeatureSql", MessageSelector.bySql("a < 10"), m -> {
            if (Integer.parseInt(m.getUserProperty("a")) >= 10) {
                wrong.incrementAndGet();
            }
            all.countDown();
        });
        assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.get()).isZero();
    }

    @Test
    void aDeadlineCutsAsyncSendingShort() throws Exception {
        DefaultMQProducer producer = clients.producer("senders-cut");
        OfficialClients.awaitFirstSend(producer, "FeatureCut", 30_000);
        AsyncSender.Result r = AsyncSender.send(
                producer, 1_000_000, i -> List.of(new Message("FeatureCut", new byte[8])), 4, 300, out, "cut");
        assertThat(r.cutShort()).isTrue();
        assertThat(r.stored()).isBetween(1L, 999_999L);
    }

    @Test
    void aFixedCountLoopSendsExactlyThatMany() throws Exception {
        DefaultMQProducer producer = clients.producer("senders-count");
        OfficialClients.awaitFirstSend(producer, "FeatureCount", 30_000);
        AtomicLong left = new AtomicLong(300);
        SendLoop.Outcome o = SendLoop.untilDone(
                4,
                60_000,
                (seq, intended) -> {
                    if (left.getAndDecrement() <= 0) {
                        throw new TransactionCheckWorkload.StopSending();
                    }
                    producer.send(new Message("FeatureCount", new byte[8]));
                    return true;
                },
                out,
                "count");
        assertThat(o.ok()).isEqualTo(300);
        assertThat(o.failed()).isZero();
        assertThat(o.latency().count()).isEqualTo(300);
    }

    @Test
    void aPacedLoopKeepsItsRate() throws Exception {
        DefaultMQProducer producer = clients.producer("senders-paced");
        OfficialClients.awaitFirstSend(producer, "FeaturePaced", 30_000);
        SendLoop.Outcome o = SendLoop.paced(
                4,
                Duration.ofSeconds(2),
                100,
                (seq, intended) -> {
                    producer.send(new Message("FeaturePaced", new byte[8]));
                    return true;
                },
                out,
                "paced");
        // 200 operations are scheduled in the 2 s; a loaded machine may finish a few late, none early
        assertThat(o.ok()).isBetween(150L, 200L);
    }

    @Test
    void lagIsTheLargestDiffOverTheSlaves() {
        HARuntimeInfo info = new HARuntimeInfo();
        assertThat(LagSampler.maxDiff(info)).isEqualTo(-1);
        HARuntimeInfo.HAConnectionRuntimeInfo a = new HARuntimeInfo.HAConnectionRuntimeInfo();
        a.setDiff(10);
        HARuntimeInfo.HAConnectionRuntimeInfo b = new HARuntimeInfo.HAConnectionRuntimeInfo();
        b.setDiff(4096);
        info.setHaConnectionInfo(List.of(a, b));
        assertThat(LagSampler.maxDiff(info)).isEqualTo(4096);
        assertThat(LagSampler.maxDiff(null)).isEqualTo(-1);
    }
}
