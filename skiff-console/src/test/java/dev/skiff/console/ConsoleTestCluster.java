package dev.skiff.console;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/** A name server and one broker in this JVM on 127.0.0.1 with free ports, for the console's tests. */
final class ConsoleTestCluster implements AutoCloseable {
    static final String CLUSTER = "ConsoleCluster";
    static final String BROKER = "console-b";

    private final NamesrvServer namesrv;
    private final BrokerServer broker;

    ConsoleTestCluster(Path dir) throws Exception {
        namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")),
                SkiffClock.system());
        namesrv.start();
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "0");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrv.address());
        p.setProperty("storePathRootDir", dir.resolve("broker").toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", BROKER);
        p.setProperty("brokerClusterName", CLUSTER);
        p.setProperty("haListenPort", "0");
        broker = new BrokerServer(BrokerConfig.fromProperties(p), Set.of(), SkiffClock.system());
        broker.start();
    }

    String namesrvAddr() {
        return namesrv.address();
    }

    String brokerAddr() {
        return broker.address();
    }

    @Override
    public void close() {
        broker.close();
        namesrv.close();
    }
}
