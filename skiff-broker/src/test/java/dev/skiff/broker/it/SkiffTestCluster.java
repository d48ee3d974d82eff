package dev.skiff.broker.it;

import dev.skiff.broker.BrokerMain;
import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.store.file.FileOps;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Skiff for integration tests: one name server and one broker on 127.0.0.1 with
 * ephemeral ports and data under a test folder. Tests talk to it with the official client
 * through {@link #namesrvAddr()}.
 *
 * <pre>{@code
 * try (SkiffTestCluster cluster = SkiffTestCluster.start(tempDir)) {
 *     producer.setNamesrvAddr(cluster.namesrvAddr());
 * }
 * }</pre>
 */
public final class SkiffTestCluster implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path dir;
    private final Properties overrides;
    /** A broker config file read at each broker start, or null. */
    private final Path configFile;

    private final NamesrvServer namesrv;
    private BrokerServer broker;
    private int brokerPort;
    /** What the broker's commit log writes and forces through (tests inject disk faults). */
    private FileOps fileOps;

    private SkiffTestCluster(Path dir, Properties overrides, Path configFile) throws Exception {
        this(dir, overrides, configFile, FileOps.SYSTEM);
    }

    private SkiffTestCluster(Path dir, Properties overrides, Path configFile, FileOps fileOps) throws Exception {
        this.fileOps = fileOps;
        this.dir = dir;
        this.overrides = overrides;
        this.configFile = configFile;
        namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")),
                SkiffClock.system());
        namesrv.start();
        startBroker(0);
    }

    /** A cluster with the test defaults (small segments, 127.0.0.1). */
    public static SkiffTestCluster start(Path dir) throws Exception {
        return start(dir, new Properties());
    }

    /** A cluster whose broker config takes {@code overrides} on top of the test defaults. */
    public static SkiffTestCluster start(Path dir, Properties overrides) throws Exception {
        return new SkiffTestCluster(dir, overrides, null);
    }

    /** A cluster whose broker's commit log writes and forces through {@code fileOps}. */
    public static SkiffTestCluster startWithFileOps(Path dir, Properties overrides, FileOps fileOps) throws Exception {
        return new SkiffTestCluster(dir, overrides, null, fileOps);
    }

    /**
     * A cluster whose broker reads {@code configFile} over the test defaults at each start, as
     * {@code bin/skiff broker --config} does (so it knows which keys the file sets).
     */
    public static SkiffTestCluster startWithConfigFile(Path dir, Path configFile) throws Exception {
        return new SkiffTestCluster(dir, new Properties(), configFile);
    }

    private void startBroker(int port) throws Exception {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrv.address());
        p.setProperty("storePathRootDir", dir.resolve("broker").toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", "skiff-it-" + INSTANCES.incrementAndGet());
        // a free replication port: a restart pins the broker port, and listenPort + 1 may be taken
        p.setProperty("haListenPort", "0");
        Properties fromFile = new Properties();
        if (configFile != null) {
            BrokerMain.load(configFile, fromFile);
        }
        p.putAll(fromFile);
        p.putAll(overrides);
        broker = new BrokerServer(
                BrokerConfig.fromProperties(p), fromFile.stringPropertyNames(), SkiffClock.system(), fileOps);
        brokerPort = broker.start().getPort();
    }

    /** Stops the broker cleanly and starts it again on the same port and data. */
    public void restartBroker() throws Exception {
        broker.close();
        startBroker(brokerPort);
    }

    /** Stops the broker and starts it again on the same port and data, writing through {@code ops}. */
    public void restartBroker(FileOps ops) throws Exception {
        broker.close();
        fileOps = ops;
        startBroker(brokerPort);
    }

    public String namesrvAddr() {
        return namesrv.address();
    }

    public String brokerAddr() {
        return broker.address();
    }

    public BrokerServer broker() {
        return broker;
    }

    public NamesrvServer namesrv() {
        return namesrv;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
        namesrv.close();
    }
}
