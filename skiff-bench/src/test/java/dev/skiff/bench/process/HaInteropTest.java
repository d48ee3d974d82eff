package dev.skiff.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.testing.Await;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic HA protocol across implementations, with the official Apache RocketMQ 5.5 broker in a
 * JVM of its own: an official slave follows a Skiff master, and a Skiff slave follows an official
 * master. Either way the slave's commit log must be byte-identical to the master's up to the
 * master's end — the migration path docs/replication.md promises, checked on every build.
 *
 * <p>Both brokers register with a Skiff name server, and each slave learns its master's HA address
 * from the name server's registration answer (no {@code haMasterAddress}).
 */
@Timeout(420)
class HaInteropTest {
    private static final int SEGMENT_BYTES = 16 << 20;
    private static final int MESSAGES = 2_000;
    private static final String TOPIC = "interop";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Duration REGISTRATION = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the slave process only has to run while the body does
    void anOfficialSlaveCopiesASkiffMasterByteForByte() throws Exception {
        try (NamesrvServer namesrv = namesrv()) {
            BrokerServer master = skiffBroker("ASYNC_MASTER", 0, namesrv.address(), dir.resolve("skiff-master"));
            try (ServerProcess slave = apacheBroker("SLAVE", 1, namesrv.address(), dir.resolve("apache-slave"))) {
                awaitBothRegistered(namesrv);
                send(namesrv.address());
                long end = master.store().commitLogMaxOffset();
                assertThat(end).isPositive();
                Path slaveLog = dir.resolve("apache-slave/store/commitlog");
                awaitLogEnd(slaveLog, end);
                assertSameBytes(dir.resolve("skiff-master/commitlog"), slaveLog, end);
            } finally {
                master.close();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the master process only has to run while the body does
    void aSkiffSlaveCopiesAnOfficialMasterByteForByte() throws Exception {
        try (NamesrvServer namesrv = namesrv();
                ServerProcess master =
                        apacheBroker("ASYNC_MASTER", 0, namesrv.address(), dir.resolve("apache-master"))) {
            BrokerServer slave = skiffBroker("SLAVE", 1, namesrv.address(), dir.resolve("skiff-slave"));
            try {
                awaitBothRegistered(namesrv);
                send(namesrv.address());
                Path masterLog = dir.resolve("apache-master/store/commitlog");
                long end = logEnd(masterLog);
                assertThat(end).isPositive();
                awaitOffset(() -> slave.store().commitLogMaxOffset(), end);
                assertSameBytes(masterLog, dir.resolve("skiff-slave/commitlog"), end);
            } finally {
                slave.close();
            }
        }
    }

    /**
     * The official broker listens long before it registers (30 s on this loaded 2-core machine): wait
     * (bounded) until the name server lists master and slave, so the producer finds a route.
     */
    private static void awaitBothRegistered(NamesrvServer namesrv) throws InterruptedException {
        Await.holdsWithin(REGISTRATION, () -> namesrv.registry().liveBrokerCount() >= 2);
        assertThat(namesrv.registry().liveBrokerCount())
                .as("brokers registered")
                .isEqualTo(2);
    }

    private NamesrvServer namesrv() throws Exception {
        NamesrvServer namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")),
                SkiffClock.system());
        namesrv.start();
        return namesrv;
    }

    private static BrokerServer skiffBroker(String role, int id, String namesrvAddr, Path store) throws Exception {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("haListenPort", Integer.toString(ServerProcess.freePort()));
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("storePathRootDir", store.toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(SEGMENT_BYTES));
        p.setProperty("brokerName", "interop-a");
        p.setProperty("brokerId", Integer.toString(id));
        p.setProperty("brokerRole", role);
        BrokerServer broker = new BrokerServer(BrokerConfig.fromProperties(p), SkiffClock.system());
        broker.start();
        return broker;
    }

    /** The official broker from Maven Central (resolved by {@link Checkout}) in its own JVM. */
    private static ServerProcess apacheBroker(String role, int id, String namesrvAddr, Path workDir)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = ServerProcess.freePort();
        Path store = workDir.resolve("store");
        Path config = workDir.resolve("broker.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "brokerClusterName=DefaultCluster",
                        "brokerName=interop-a",
                        "brokerId=" + id,
                        "brokerRole=" + role,
                        "brokerIP1=127.0.0.1",
                        "listenPort=" + port,
                        "haListenPort=" + ServerProcess.freePort(),
                        "namesrvAddr=" + namesrvAddr,
                        "autoCreateTopicEnable=true",
                        "mappedFileSizeCommitLog=" + SEGMENT_BYTES,
                        "storePathRootDir=" + store,
                        "storePathCommitLog=" + store.resolve("commitlog"),
                        "rocketmqHome=" + workDir,
                        ""));
        return ServerProcess.start(
                List.of(),
                "apache-" + role.toLowerCase(java.util.Locale.ROOT),
                Checkout.locate().apacheClasspath(),
                "org.apache.rocketmq.broker.BrokerStartup",
                Stream.concat(Stream.of("-Xmx512m"), Servers.apacheHome(workDir).stream())
                        .toList(),
                List.of("-c", config.toString()),
                port,
                workDir,
                REGISTRATION);
    }

    /** Sends the messages with the official producer through the name server; every one SEND_OK. */
    private static void send(String namesrvAddr) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("interop-producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("interop-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        try {
            awaitRoute(producer);
            for (int i = 0; i < MESSAGES; i++) {
                Message m = new Message(TOPIC, "tag", "key-" + i, ("body " + i).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        } finally {
            producer.shutdown();
        }
    }

    /** The first send may come before the master registered: retry it (bounded) until a route exists. */
    private static void awaitRoute(DefaultMQProducer producer) throws Exception {
        // an exception is "no route yet"
        Await.answer(
                "a route to " + TOPIC,
                Duration.ofSeconds(60),
                () -> producer.send(new Message(TOPIC, "warm-up".getBytes(StandardCharsets.UTF_8))),
                sent -> true);
    }

    private static void awaitLogEnd(Path logDir, long end) throws Exception {
        awaitOffset(
                () -> {
                    try {
                        return logEnd(logDir);
                    } catch (IOException e) {
                        return -1;
                    }
                },
                end);
    }

    private static void awaitOffset(LongSupplier offset, long end) throws InterruptedException {
        Await.holdsWithin(CATCH_UP, () -> offset.getAsLong() >= end);
        assertThat(offset.getAsLong()).as("the slave's log end").isEqualTo(end);
    }

    /**
     * Where the records of the first segment end: each record opens with its total size (4 bytes,
     * big-endian); the unwritten rest of a preallocated segment reads as size 0.
     */
    static long logEnd(Path logDir) throws IOException {
        Path first = logDir.resolve("00000000000000000000");
        if (!Files.isRegularFile(first)) {
            return 0;
        }
        ByteBuffer segment = ByteBuffer.wrap(Files.readAllBytes(first)).order(ByteOrder.BIG_ENDIAN);
        int pos = 0;
        while (pos + 4 <= segment.limit()) {
            int size = segment.getInt(pos);
            if (size <= 0 || pos + size > segment.limit()) {
                break;
            }
            pos += size;
        }
        return pos;
    }

    private static void assertSameBytes(Path masterLog, Path slaveLog, long end) throws IOException {
        byte[] master = Arrays.copyOf(Files.readAllBytes(masterLog.resolve("00000000000000000000")), (int) end);
        byte[] slave = Arrays.copyOf(Files.readAllBytes(slaveLog.resolve("00000000000000000000")), (int) end);
        int firstDifference = Arrays.mismatch(master, slave);
        assertThat(firstDifference)
                .as("first byte where the slave's log differs (end %d)", end)
                .isEqualTo(-1);
    }
}
