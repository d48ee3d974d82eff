package dev.skiff.namesrv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.skiff.common.ManualClock;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.ManualScheduler;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerResponseHeader;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 remoting client, admin API and producer talking to Skiff's name server over
 * real loopback sockets. Registrations are built and encoded by the official classes.
 */
class OfficialClientInteropTest {
    private static final String CLUSTER = "DefaultCluster";
    private static final String BROKER = "broker-a";
    private static final String MASTER_ADDR = "127.0.0.1:10911";
    private static final String SLAVE_ADDR = "127.0.0.1:10921";

    @TempDir
    Path home;

    private NamesrvServer server;
    private String namesrvAddr;
    private NettyRemotingClient brokerClient;

    @BeforeAll
    static void quietOfficialClient() {
        System.setProperty("tls.server.mode", "disabled");
        // What an official broker does at start-up; without it its requests carry version 0 and
        // the name server (official or Skiff) reads the body in the pre-3.0.11 format.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
    }

    @BeforeEach
    void start() throws Exception {
        server = startServer(home.resolve("a"), SkiffClock.system());
        namesrvAddr = server.address();
        brokerClient = new NettyRemotingClient(new NettyClientConfig());
        brokerClient.start();
    }

    @AfterEach
    void stop() {
        if (brokerClient != null) {
            brokerClient.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private static NamesrvServer startServer(Path home, SkiffClock clock) throws Exception {
        NamesrvConfig config =
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(home);
        NamesrvServer server = new NamesrvServer(config, clock);
        server.start();
        return server;
    }

    /** REGISTER_BROKER as an official broker sends it: header and body built by the official classes. */
    private RemotingCommand register(String namesrv, String brokerAddr, long brokerId, String... topics)
            throws Exception {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        wrapper.getTopicConfigTable().put("TBW102", new TopicConfig("TBW102", 8, 8, 7));
        for (String topic : topics) {
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 4, 4, 6));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        byte[] bytes = body.encode(false);
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName(BROKER);
        header.setBrokerAddr(brokerAddr);
        header.setClusterName(CLUSTER);
        header.setHaServerAddr(brokerAddr.replace(":109", ":119"));
        header.setBrokerId(brokerId);
        header.setHeartbeatTimeoutMillis(120_000L);
        header.setEnableActingMaster(false);
        header.setCompressed(false);
        header.setBodyCrc32(UtilAll.crc32(bytes));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody(bytes);
        return brokerClient.invokeSync(namesrv, request, 5_000);
    }

    private DefaultMQAdminExt admin(String addr) throws MQClientException {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5_000);
        admin.setNamesrvAddr(addr);
        admin.setInstanceName("admin-" + UUID.randomUUID());
        admin.setAdminExtGroup("admin_group_" + UUID.randomUUID().toString().replace("-", ""));
        admin.start();
        return admin;
    }

    @Test
    void officialRegistrationIsVisibleToAdminAndProducer() throws Exception {
        RemotingCommand master = register(namesrvAddr, MASTER_ADDR, 0, "TopicTest");
        assertThat(master.getCode()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand slave = register(namesrvAddr, SLAVE_ADDR, 1, "TopicTest");
        RegisterBrokerResponseHeader slaveHeader = slave.decodeCommandCustomHeader(RegisterBrokerResponseHeader.class);
        assertThat(slaveHeader.getMasterAddr()).isEqualTo(MASTER_ADDR);
        assertThat(slaveHeader.getHaServerAddr()).isEqualTo("127.0.0.1:11911");

        DefaultMQAdminExt admin = admin(namesrvAddr);
        DefaultMQProducer producer =
                new DefaultMQProducer("pg_" + UUID.randomUUID().toString().replace("-", ""));
        try {
            ClusterInfo info = admin.examineBrokerClusterInfo();
            assertThat(info.getClusterAddrTable()).containsEntry(CLUSTER, Set.of(BROKER));
            assertThat(info.getBrokerAddrTable().get(BROKER).getBrokerAddrs())
                    .isEqualTo(Map.of(0L, MASTER_ADDR, 1L, SLAVE_ADDR));

            TopicRouteData route = admin.examineTopicRouteInfo("TopicTest");
            assertThat(route.getQueueDatas()).hasSize(1);
            assertThat(route.getQueueDatas().get(0).getWriteQueueNums()).isEqualTo(4);
            assertThat(route.getBrokerDatas().get(0).getBrokerAddrs()).containsEntry(MixAll.MASTER_ID, MASTER_ADDR);

            producer.setNamesrvAddr(namesrvAddr);
            producer.setInstanceName("producer-" + UUID.randomUUID());
            producer.start();
            List<MessageQueue> queues = producer.fetchPublishMessageQueues("TopicTest");
            assertThat(queues)
                    .hasSize(4)
                    .allSatisfy(q -> assertThat(q.getBrokerName()).isEqualTo(BROKER));

            Throwable unknown = catchThrowable(() -> admin.examineTopicRouteInfo("NoSuchTopic"));
            assertThat(unknown).isInstanceOf(MQClientException.class);
            assertThat(((MQClientException) unknown).getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        } finally {
            producer.shutdown();
            admin.shutdown();
        }
    }

    @Test
    void kvConfigRoundTripsThroughTheAdminApiAndSurvivesRestart() throws Exception {
        DefaultMQAdminExt admin = admin(namesrvAddr);
        try {
            admin.createAndUpdateKvConfig("ns", "k1", "v1");
            admin.createAndUpdateKvConfig("ns", "k2", "v2");
            assertThat(admin.getKVConfig("ns", "k1")).isEqualTo("v1");
            KVTable table = admin.getKVListByNamespace("ns");
            assertThat(table.getTable()).isEqualTo(new HashMap<>(Map.of("k1", "v1", "k2", "v2")));
            admin.deleteKvConfig("ns", "k1");
            Throwable gone = catchThrowable(() -> admin.getKVConfig("ns", "k1"));
            assertThat(gone).isInstanceOf(MQClientException.class);
            assertThat(((MQClientException) gone).getResponseCode()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        } finally {
            admin.shutdown();
        }
        server.close();
        server = startServer(home.resolve("a"), SkiffClock.system());
        assertThat(server.kvStore().get("ns", "k2")).isEqualTo("v2");
        assertThat(server.kvStore().get("ns", "k1")).isNull();
    }

    @Test
    void deleteTopicAndWipeWritePermission() throws Exception {
        assertThat(register(namesrvAddr, MASTER_ADDR, 0, "TopicA", "TopicB").getCode())
                .isZero();
        assertThat(server.registry().allTopics().topicList()).containsExactly("TBW102", "TopicA", "TopicB");
        DefaultMQAdminExt admin = admin(namesrvAddr);
        try {
            assertThat(admin.wipeWritePermOfBroker(namesrvAddr, BROKER)).isEqualTo(3);
            assertThat(admin.examineTopicRouteInfo("TopicA")
                            .getQueueDatas()
                            .get(0)
                            .getPerm())
                    .isEqualTo(4);
            admin.deleteTopicInNameServer(Set.of(namesrvAddr), "TopicB");
            Throwable deleted = catchThrowable(() -> admin.examineTopicRouteInfo("TopicB"));
            assertThat(((MQClientException) deleted).getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(admin.examineTopicRouteInfo("TopicA")).isNotNull();
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void twoNameServersServeTheSameBrokerIndependently() throws Exception {
        NamesrvServer second = startServer(home.resolve("b"), SkiffClock.system());
        try {
            assertThat(register(namesrvAddr, MASTER_ADDR, 0, "TopicTest").getCode())
                    .isZero();
            assertThat(register(second.address(), MASTER_ADDR, 0, "TopicTest").getCode())
                    .isZero();
            server.close();
            server = null;
            DefaultMQAdminExt admin = admin(second.address());
            try {
                assertThat(admin.examineTopicRouteInfo("TopicTest")
                                .getBrokerDatas()
                                .get(0)
                                .getBrokerAddrs())
                        .containsEntry(0L, MASTER_ADDR);
            } finally {
                admin.shutdown();
            }
        } finally {
            second.close();
        }
    }

    @Test
    void malformedRegistrationBodyGetsAClearError() throws Exception {
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName(BROKER);
        header.setBrokerAddr(MASTER_ADDR);
        header.setClusterName(CLUSTER);
        header.setHaServerAddr("127.0.0.1:11911");
        header.setBrokerId(0L);
        header.setBodyCrc32(0);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody("{\"topicConfigSerializeWrapper\":{oops".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = brokerClient.invokeSync(namesrvAddr, request, 5_000);
        assertThat(response.getCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).startsWith("bad REGISTER_BROKER body: RegisterBrokerBody: JSON error");
        assertThat(server.registry().liveBrokerCount()).isZero();

        RemotingCommand noName = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, null);
        RemotingCommand missing = brokerClient.invokeSync(namesrvAddr, noName, 5_000);
        assertThat(missing.getCode()).isNotEqualTo(ResponseCode.SUCCESS);
        assertThat(missing.getRemark()).contains("brokerName");
    }

    @Test
    void brokerIsDroppedWhenItsConnectionCloses() throws Exception {
        register(namesrvAddr, MASTER_ADDR, 0, "TopicTest");
        assertThat(server.registry().liveBrokerCount()).isEqualTo(1);
        brokerClient.shutdown();
        brokerClient = null;
        // the close reaches the name server on its event loop: no hook to wait on from here
        Await.holdsWithin(Duration.ofSeconds(5), () -> server.registry().liveBrokerCount() == 0);
        assertThat(server.registry().liveBrokerCount()).isZero();
        assertThat(server.registry().route("TopicTest", false).route()).isNull();
    }

    @Test
    void silentBrokerExpiresOnAScanWithTheInjectedClockAndScheduler() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        ManualScheduler scans = new ManualScheduler(clock);
        NamesrvConfig config =
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(home.resolve("c"));
        NamesrvServer manual = new NamesrvServer(config, NettyRemotingServer::new, scans);
        manual.start();
        try {
            assertThat(register(manual.address(), MASTER_ADDR, 0, "TopicTest").getCode())
                    .isZero();
            assertThat(scans.advanceMs(119_000)).isEqualTo(11); // every 10 s: nobody silent for 120 s yet
            assertThat(manual.registry().liveBrokerCount()).isEqualTo(1);
            assertThat(scans.advanceMs(1_000)).isEqualTo(1); // at 120 s: silent for exactly the limit, kept
            assertThat(manual.registry().liveBrokerCount()).isEqualTo(1);
            assertThat(scans.advanceMs(10_000)).isEqualTo(1); // at 130 s: past the limit, dropped
            assertThat(manual.registry().liveBrokerCount()).isZero();
            assertThat(scans.failures("liveness scan")).isZero();
            DefaultMQAdminExt admin = admin(manual.address());
            try {
                assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable())
                        .isEmpty();
            } finally {
                admin.shutdown();
            }
        } finally {
            manual.close();
        }
        assertThat(scans.pending())
                .as("closing the server closes its scheduler")
                .isZero();
    }
}
