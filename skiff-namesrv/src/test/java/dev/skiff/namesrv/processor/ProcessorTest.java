package dev.skiff.namesrv.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.json.Json;
import dev.skiff.namesrv.config.LiveConfig;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.namesrv.kv.KvConfigStore;
import dev.skiff.namesrv.route.RouteCache;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.KVTable;
import dev.skiff.remoting.protocol.body.RegisterBrokerBody;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import dev.skiff.remoting.protocol.header.GetKvConfigRequestHeader;
import dev.skiff.remoting.protocol.header.GetRouteInfoRequestHeader;
import dev.skiff.remoting.protocol.header.PutKvConfigRequestHeader;
import dev.skiff.remoting.protocol.header.QueryDataVersionRequestHeader;
import dev.skiff.remoting.protocol.header.RegisterBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.WipeWritePermOfBrokerRequestHeader;
import dev.skiff.remoting.testing.FakeChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processors driven directly with commands, no sockets. */
class ProcessorTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final FakeChannel channel = new FakeChannel("10.0.0.1:50000");
    private RouteRegistry registry;
    private KvConfigStore kv;
    private LiveConfig config;
    private RouteCache cache;
    private BrokerProcessor brokers;
    private RouteQueryProcessor routes;
    private AdminProcessor admin;

    @BeforeEach
    void setUp() throws Exception {
        registry = new RouteRegistry(clock, 120_000);
        kv = KvConfigStore.open(dir.resolve("kvConfig.json"), 1000);
        config = new LiveConfig(NamesrvConfig.defaults().withHomeDir(dir));
        cache = new RouteCache(100);
        brokers = new BrokerProcessor(registry, kv, config);
        routes = new RouteQueryProcessor(registry, kv, config, cache);
        admin = new AdminProcessor(registry, kv, config, cache);
    }

    private static RemotingCommand request(int code, CommandHeader header, int version) {
        return RemotingCommand.request(code, header).version(version);
    }

    private static RegisterBrokerRequestHeader registerHeader(long id, boolean compressed, int crc) {
        return new RegisterBrokerRequestHeader(
                "broker-a",
                "10.0.0.1:1091" + id,
                "DefaultCluster",
                "10.0.0.1:1092" + id,
                id,
                null,
                false,
                compressed,
                crc);
    }

    private static RegisterBrokerBody body(TopicConfig... configs) {
        Map<String, TopicConfig> table = new java.util.LinkedHashMap<>();
        table.put("TBW102", TopicConfig.of("TBW102", 8, 8, 7));
        for (TopicConfig c : configs) {
            table.put(c.topicName(), c);
        }
        return new RegisterBrokerBody(
                TopicConfigSerializeWrapper.withMapping(table, new DataVersion(0, 1, 1)), List.of());
    }

    private RemotingCommand register(long id, RegisterBrokerBody body, boolean compressed) {
        byte[] bytes = body.encode(compressed);
        RemotingCommand req = request(
                RequestCode.REGISTER_BROKER, registerHeader(id, compressed, RegisterBrokerBody.crc32(bytes)), 479);
        return brokers.handle(channel, req.body(bytes));
    }

    private RemotingCommand route(String topic, int version, Boolean standardOnly) {
        return routes.handle(
                channel,
                request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC,
                        new GetRouteInfoRequestHeader(topic, standardOnly),
                        version));
    }

    @Test
    void routeFormDependsOnVersionOrFlag() {
        assertThat(register(0, body(TopicConfig.of("T", 4, 4, 6)), false).code())
                .isZero();
        String old = new String(route("T", 400, null).body(), StandardCharsets.UTF_8);
        String modern = new String(route("T", 401, null).body(), StandardCharsets.UTF_8);
        String asked = new String(route("T", 100, true).body(), StandardCharsets.UTF_8);
        assertThat(old).contains("\"brokerAddrs\":{0:\"10.0.0.1:10910\"}");
        assertThat(modern).contains("\"brokerAddrs\":{\"0\":\"10.0.0.1:10910\"}");
        assertThat(asked).isEqualTo(modern);
        assertThat(TopicRouteData.decode(old.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TopicRouteData.decode(modern.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unknownTopicAnswersTopicNotExist() {
        RemotingCommand response = route("missing", 479, null);
        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
        assertThat(response.remark()).contains("no route for topic 'missing'");
    }

    @Test
    void routeBodiesAreCachedUntilTheRegistryChanges() {
        register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        byte[] first = route("T", 479, null).body();
        assertThat(route("T", 479, null).body()).isSameAs(first);
        RemotingCommand wipe = admin.handle(
                channel,
                request(
                        RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                        new WipeWritePermOfBrokerRequestHeader("broker-a"),
                        479));
        assertThat(wipe.extField("wipeTopicCount")).as("T and TBW102").isEqualTo("2");
        byte[] after = route("T", 479, null).body();
        assertThat(after).isNotSameAs(first);
        assertThat(TopicRouteData.decode(after).queueDatas().get(0).perm()).isEqualTo(4);
    }

    @Test
    void slaveRegistrationAnswersMasterAddresses() {
        register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        RemotingCommand slave = register(1, body(TopicConfig.of("T", 4, 4, 6)), false);
        assertThat(slave.code()).isZero();
        assertThat(slave.extField("masterAddr")).isEqualTo("10.0.0.1:10910");
        assertThat(slave.extField("haServerAddr")).isEqualTo("10.0.0.1:10920");
    }

    @Test
    void compressedRegistrationIsAccepted() {
        assertThat(register(0, body(TopicConfig.of("Z", 2, 2, 6)), true).code()).isZero();
        assertThat(TopicRouteData.decode(route("Z", 479, null).body())
                        .queueDatas()
                        .get(0)
                        .readQueueNums())
                .isEqualTo(2);
    }

    @Test
    void badCrcAndMalformedBodiesGetClearErrors() {
        byte[] bytes = body(TopicConfig.of("T", 4, 4, 6)).encode(false);
        RemotingCommand crc = brokers.handle(
                channel,
                request(RequestCode.REGISTER_BROKER, registerHeader(0, false, 42), 479)
                        .body(bytes));
        assertThat(crc.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(crc.remark()).isEqualTo("crc32 not match");

        byte[] junk = "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":[}".getBytes(StandardCharsets.UTF_8);
        RemotingCommand bad = brokers.handle(
                channel,
                request(RequestCode.REGISTER_BROKER, registerHeader(0, false, 0), 479)
                        .body(junk));
        assertThat(bad.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(bad.remark()).startsWith("bad REGISTER_BROKER body: RegisterBrokerBody: JSON error at line 1");

        RemotingCommand badZip = brokers.handle(
                channel,
                request(RequestCode.REGISTER_BROKER, registerHeader(0, true, 0), 479)
                        .body(junk));
        assertThat(badZip.remark()).startsWith("bad REGISTER_BROKER body: RegisterBrokerBody (compressed)");
        assertThat(registry.liveBrokerCount()).isZero();
    }

    @Test
    void orderTopicConfigFromKvWhenEnabled() {
        register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        admin.handle(
                channel,
                request(
                        RequestCode.PUT_KV_CONFIG,
                        new PutKvConfigRequestHeader("ORDER_TOPIC_CONFIG", "T", "broker-a:4"),
                        479));
        assertThat(TopicRouteData.decode(route("T", 479, null).body()).orderTopicConf())
                .as("official default: off")
                .isNull();
        RemotingCommand update = admin.handle(
                channel,
                RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                        .body("orderMessageEnable=true\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(update.code()).isZero();
        assertThat(TopicRouteData.decode(route("T", 479, null).body()).orderTopicConf())
                .isEqualTo("broker-a:4");
        admin.handle(
                channel,
                request(
                        RequestCode.PUT_KV_CONFIG,
                        new PutKvConfigRequestHeader("ORDER_TOPIC_CONFIG", "T", "broker-a:2"),
                        479));
        assertThat(TopicRouteData.decode(route("T", 479, null).body()).orderTopicConf())
                .isEqualTo("broker-a:2");
        // The broker gets the namespace back on registration.
        RemotingCommand reg = register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        assertThat(KVTable.decode(reg.body()).table()).isEqualTo(Map.of("T", "broker-a:2"));
    }

    @Test
    void queryDataVersionReportsChangeAndRefreshesLiveness() {
        register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        QueryDataVersionRequestHeader h =
                new QueryDataVersionRequestHeader("broker-a", "10.0.0.1:10910", "DefaultCluster", 0);
        RemotingCommand same = brokers.handle(
                channel, request(RequestCode.QUERY_DATA_VERSION, h, 479).body(new DataVersion(0, 1, 1).encode()));
        assertThat(same.extField("changed")).isEqualTo("false");
        assertThat(DataVersion.decode(same.body())).isEqualTo(new DataVersion(0, 1, 1));
        clock.advanceMs(100_000);
        RemotingCommand moved = brokers.handle(
                channel, request(RequestCode.QUERY_DATA_VERSION, h, 479).body(new DataVersion(0, 2, 2).encode()));
        assertThat(moved.extField("changed")).isEqualTo("true");
        clock.advanceMs(100_000);
        assertThat(registry.scanInactive()).as("the query refreshed the broker").isZero();
    }

    @Test
    void kvConfigAndNamesrvConfigRequests() {
        assertThat(admin.handle(
                                channel,
                                request(RequestCode.GET_KV_CONFIG, new GetKvConfigRequestHeader("ns", "k"), 479))
                        .code())
                .isEqualTo(ResponseCode.QUERY_NOT_FOUND.code());
        admin.handle(channel, request(RequestCode.PUT_KV_CONFIG, new PutKvConfigRequestHeader("ns", "k", "v"), 479));
        assertThat(admin.handle(
                                channel,
                                request(RequestCode.GET_KV_CONFIG, new GetKvConfigRequestHeader("ns", "k"), 479))
                        .extField("value"))
                .isEqualTo("v");
        RemotingCommand get = admin.handle(channel, RemotingCommand.request(RequestCode.GET_NAMESRV_CONFIG));
        assertThat(new String(get.body(), StandardCharsets.UTF_8)).contains("brokerTimeoutMs=120000");
        RemotingCommand fixed = admin.handle(
                channel,
                RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                        .body("listenPort=1".getBytes(StandardCharsets.UTF_8)));
        assertThat(fixed.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
        RemotingCommand unknown = admin.handle(
                channel,
                RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG)
                        .body("x=1".getBytes(StandardCharsets.UTF_8)));
        assertThat(unknown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(unknown.remark()).contains("unknown name server config key(s): [x]");
    }

    @Test
    void clusterInfoIsAlwaysDefaultForm() {
        register(0, body(TopicConfig.of("T", 4, 4, 6)), false);
        RemotingCommand info = routes.handle(
                channel,
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).version(479));
        assertThat(new String(info.body(), StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{0:\"10.0.0.1:10910\"}");
        assertThat(Json.parse(info.body())
                        .asObject()
                        .getObject("clusterAddrTable")
                        .getArray("DefaultCluster")
                        .strings())
                .containsExactly("broker-a");
    }
}
