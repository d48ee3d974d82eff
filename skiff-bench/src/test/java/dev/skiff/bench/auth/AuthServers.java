package dev.skiff.bench.auth;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real Skiff name server and broker on 127.0.0.1, in this JVM, started with exactly the keys
 * {@code bench compare --auth} writes for {@code auth} (16 MiB commit-log segments under {@code
 * dir}); the official clients of the test keep their offsets under {@code dir} too.
 */
public final class AuthServers implements AutoCloseable {
    private final NamesrvServer namesrv;
    private final BrokerServer broker;

    private AuthServers(NamesrvServer namesrv, BrokerServer broker) {
        this.namesrv = namesrv;
        this.broker = broker;
    }

    public static AuthServers start(BenchAuth auth, Path dir) throws Exception {
        Properties n = properties(auth.skiffNamesrvProperties());
        n.setProperty("listenHost", "127.0.0.1");
        n.setProperty("listenPort", "0");
        n.setProperty("homeDir", dir.resolve("namesrv").toString());
        NamesrvServer namesrv = new NamesrvServer(NamesrvConfig.fromProperties(n), SkiffClock.system());
        namesrv.start();
        try {
            Properties b = properties(auth.brokerProperties(false));
            b.setProperty("listenHost", "127.0.0.1");
            b.setProperty("listenPort", "0");
            b.setProperty("brokerIP1", "127.0.0.1");
            b.setProperty("namesrvAddr", namesrv.address());
            b.setProperty("storePathRootDir", dir.resolve("broker").toString());
            b.setProperty("mappedFileSizeCommitLog", Integer.toString(16 << 20));
            BrokerServer broker = new BrokerServer(BrokerConfig.fromProperties(b), SkiffClock.system());
            broker.start();
            System.setProperty(
                    "rocketmq.client.localOffsetStoreDir",
                    dir.resolve("client-offsets").toString());
            return new AuthServers(namesrv, broker);
        } catch (Exception | Error e) {
            namesrv.close();
            throw e;
        }
    }

    public String namesrvAddress() {
        return namesrv.address();
    }

    public String brokerAddress() {
        return broker.address();
    }

    @Override
    public void close() {
        broker.close();
        namesrv.close();
    }

    private static Properties properties(Map<String, String> keys) {
        Properties p = new Properties();
        keys.forEach(p::setProperty);
        return p;
    }
}
