package dev.skiff.broker.replica;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * One name server and one broker group on 127.0.0.1: a master (id 0) and a slave (id 1) of the
 * same brokerName, each a {@link BrokerServer} of its own with data under its own folder.
 */
public final class ReplicaPair implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    public final Path dir;
    public final String brokerName = "replica-it-" + IDS.incrementAndGet();
    public final NamesrvServer namesrv;
    public BrokerServer master;
    public BrokerServer slave;

    public ReplicaPair(Path dir) throws Exception {
        this.dir = dir;
        namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")),
                SkiffClock.system());
        namesrv.start();
    }

    /** A started pair. */
    public static ReplicaPair start(Path dir, Consumer<Properties> slaveOverrides) throws Exception {
        ReplicaPair pair = new ReplicaPair(dir);
        pair.master = pair.startBroker(0, p -> {});
        pair.slave = pair.startBroker(1, slaveOverrides);
        return pair;
    }

    public BrokerServer startBroker(int id, Consumer<Properties> overrides) throws Exception {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrv.address());
        p.setProperty("storePathRootDir", dir.resolve("broker-" + id).toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", brokerName);
        p.setProperty("brokerId", Integer.toString(id));
        p.setProperty("brokerRole", id == 0 ? "SYNC_MASTER" : "SLAVE");
        overrides.accept(p);
        BrokerServer broker = new BrokerServer(BrokerConfig.fromProperties(p), SkiffClock.system());
        broker.start();
        return broker;
    }

    public DefaultMQAdminExt admin() throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(10_000);
        admin.setNamesrvAddr(namesrv.address());
        admin.setInstanceName("ra" + IDS.incrementAndGet() + "-" + System.nanoTime());
        admin.start();
        return admin;
    }

    /**
     * Waits until {@code condition} holds, checking with {@link Await}'s pauses of 1 to 20 ms (the
     * tables have no change hook for groups and offsets); returns how long it took, or fails after
     * {@code limit}.
     */
    public static Duration await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        return Await.until("the condition", limit, condition);
    }

    /**
     * Waits (bounded) until the name servers route {@code topic} with its own queues: before that a
     * producer falls back to the auto-creation template's route and may pick a queue the topic lacks.
     */
    public static void awaitRouted(DefaultMQAdminExt admin, String topic) throws InterruptedException {
        await(Duration.ofSeconds(30), () -> {
            try {
                return !admin.examineTopicRouteInfo(topic).getQueueDatas().isEmpty();
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        if (slave != null) {
            slave.close();
        }
        if (master != null) {
            master.close();
        }
        namesrv.close();
    }
}
