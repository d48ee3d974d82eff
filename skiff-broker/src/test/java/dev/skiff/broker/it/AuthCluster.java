package dev.skiff.broker.it;

import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A name server and a broker on 127.0.0.1 with authentication and authorization on, the same
 * inner credentials on both, and the initial super user {@code admin}; plus official clients
 * signing with the official {@link AclClientRPCHook}.
 */
final class AuthCluster implements AutoCloseable {
    static final String INNER = "{\"accessKey\":\"skiff-inner\",\"secretKey\":\"inner-secret\"}";
    static final String ADMIN = "admin";
    static final String ADMIN_SECRET = "admin-secret";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Path dir;
    private final String brokerName = "auth-it-" + IDS.incrementAndGet();
    private final NamesrvServer namesrv;
    private BrokerServer broker;
    private int brokerPort;

    AuthCluster(Path dir) throws Exception {
        this.dir = dir;
        Properties n = authProperties();
        n.setProperty("listenHost", "127.0.0.1");
        n.setProperty("listenPort", "0");
        n.setProperty("homeDir", dir.resolve("namesrv").toString());
        namesrv = new NamesrvServer(NamesrvConfig.fromProperties(n), SkiffClock.system());
        namesrv.start();
        startBroker(0);
    }

    private static Properties authProperties() {
        Properties p = new Properties();
        p.setProperty("authenticationEnabled", "true");
        p.setProperty("authorizationEnabled", "true");
        p.setProperty("innerClientAuthenticationCredentials", INNER);
        p.setProperty(
                "initAuthenticationUser", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_SECRET + "\"}");
        return p;
    }

    private void startBroker(int port) throws Exception {
        Properties p = authProperties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("namesrvAddr", namesrv.address());
        p.setProperty("storePathRootDir", dir.resolve("broker").toString());
        p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("brokerName", brokerName);
        p.setProperty("haListenPort", "0");
        broker = new BrokerServer(BrokerConfig.fromProperties(p), Set.of(), SkiffClock.system());
        brokerPort = broker.start().getPort();
    }

    /** Stops the broker cleanly and starts it again on the same port and data. */
    void restartBroker() throws Exception {
        broker.close();
        startBroker(brokerPort);
    }

    static AclClientRPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    /** A started official admin client signing as {@code accessKey}. */
    DefaultMQAdminExt admin(String accessKey, String secretKey) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook(accessKey, secretKey), 10_000);
        admin.setNamesrvAddr(namesrvAddr());
        admin.setInstanceName("auth-a" + IDS.incrementAndGet() + "-" + System.nanoTime());
        admin.start();
        return admin;
    }

    /** A started official producer signing as {@code accessKey}. */
    DefaultMQProducer producer(String group, String accessKey, String secretKey) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group, hook(accessKey, secretKey));
        producer.setNamesrvAddr(namesrvAddr());
        producer.setInstanceName("auth-p" + IDS.incrementAndGet() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return producer;
    }

    String namesrvAddr() {
        return namesrv.address();
    }

    String brokerAddr() {
        return broker.address();
    }

    BrokerServer broker() {
        return broker;
    }

    NamesrvServer namesrv() {
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
