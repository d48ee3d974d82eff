package dev.skiff.namesrv.route;

import static dev.skiff.namesrv.route.Registrations.reg;
import static dev.skiff.namesrv.route.Registrations.topics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteRegistryTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RouteRegistry registry = new RouteRegistry(clock, 120_000);
    private final DataVersion v1 = new DataVersion(0, 1, 1);

    private TopicRouteData route(String topic) {
        return registry.route(topic, false).route();
    }

    @Test
    void masterRegistrationCreatesRouteAndClusterInfo() {
        RegistrationResult result = registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        false,
                        topics(v1, TopicConfig.of("T", 4, 4, 6)),
                        new FakeChannel("m")),
                false);
        assertThat(result).isEqualTo(RegistrationResult.NO_MASTER);
        TopicRouteData route = route("T");
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
        assertThat(route.brokerDatas()).hasSize(1);
        assertThat(route.brokerDatas().get(0).brokerAddrs()).isEqualTo(Map.of(0L, "10.0.0.1:10911"));
        assertThat(registry.clusterInfo().clusterAddrTable())
                .containsEntry("DefaultCluster", java.util.Set.of("broker-a"));
        assertThat(route("unknown")).isNull();
    }

    @Test
    void slaveAddsAddressButNotTopicDataAndLearnsMaster() {
        registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        false,
                        topics(v1, TopicConfig.of("T", 4, 4, 6)),
                        new FakeChannel("m")),
                false);
        RegistrationResult slave = registry.register(
                reg(
                        "10.0.0.2:10911",
                        "broker-a",
                        1,
                        false,
                        topics(v1, TopicConfig.of("T", 8, 8, 4), TopicConfig.of("S", 1, 1, 6)),
                        new FakeChannel("s")),
                false);
        assertThat(slave.masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(slave.haServerAddr()).isEqualTo("10.0.0.1:11911");
        assertThat(route("T").queueDatas()).containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
        assertThat(route("S"))
                .as("slave topics are ignored while a master exists")
                .isNull();
        assertThat(route("T").brokerDatas().get(0).brokerAddrs())
                .containsEntry(0L, "10.0.0.1:10911")
                .containsEntry(1L, "10.0.0.2:10911");
    }

    @Test
    void withoutMasterTheLowestIdNewStyleSlaveProvidesTopics() {
        registry.register(
                reg(
                        "10.0.0.3:10911",
                        "broker-a",
                        2,
                        null,
                        topics(v1, TopicConfig.of("OLD", 4, 4, 6)),
                        new FakeChannel("old")),
                false);
        assertThat(route("OLD"))
                .as("old-version brokers are never prime slaves")
                .isNull();
        registry.register(
                reg(
                        "10.0.0.2:10911",
                        "broker-a",
                        1,
                        true,
                        topics(v1, TopicConfig.of("T", 4, 4, 6)),
                        new FakeChannel("s")),
                false);
        assertThat(route("T").queueDatas())
                .as("acting-master mode removes write permission")
                .containsExactly(new QueueData("broker-a", 4, 4, 4, 0));
        // Acting-master presentation shows the lowest slave as master when asked.
        BrokerData shown = registry.route("T", true).route().brokerDatas().get(0);
        assertThat(shown.masterAddr()).isEqualTo("10.0.0.2:10911");
        assertThat(route("T").brokerDatas().get(0).masterAddr()).isNull();
    }

    @Test
    void unchangedDataVersionKeepsAdminPermChangesUntilVersionMoves() {
        FakeChannel ch = new FakeChannel("m");
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), ch), false);
        assertThat(registry.wipeWritePerm("broker-a")).as("T and TBW102").isEqualTo(2);
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), ch), false);
        assertThat(route("T").queueDatas().get(0).perm()).isEqualTo(4);
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1.next(2), TopicConfig.of("T", 4, 4, 6)), ch),
                false);
        assertThat(route("T").queueDatas().get(0).perm()).isEqualTo(6);
        assertThat(registry.addWritePerm("nobody")).isZero();
    }

    @Test
    void unregisterRemovesQueueDataGroupAndEmptyCluster() {
        registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        false,
                        topics(v1, TopicConfig.of("T", 4, 4, 6)),
                        new FakeChannel("a")),
                false);
        registry.register(
                reg(
                        "10.0.0.5:10911",
                        "broker-b",
                        0,
                        false,
                        topics(v1, TopicConfig.of("T", 2, 2, 6)),
                        new FakeChannel("b")),
                false);
        assertThat(route("T").queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-a", "broker-b");
        registry.unregister("DefaultCluster", "10.0.0.1:10911", "broker-a");
        assertThat(route("T").queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-b");
        registry.unregister("DefaultCluster", "10.0.0.5:10911", "broker-b");
        assertThat(route("T")).isNull();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
        assertThat(registry.clusterInfo().brokerAddrTable()).isEmpty();
        assertThat(registry.liveBrokerCount()).isZero();
    }

    @Test
    void firstRegistrationWithExactlyOneTopicIsRefusedAsOfficial() {
        var single = TopicConfigSerializeWrapperFixture.single("T");
        assertThat(registry.register(reg("10.0.0.1:10911", "broker-a", 0, false, single, new FakeChannel("a")), false))
                .isNull();
        assertThat(registry.route("T", false).route()).isNull();
    }

    @Test
    void promotedSlaveLeavesItsOldId() {
        FakeChannel ch = new FakeChannel("s");
        registry.register(reg("10.0.0.2:10911", "broker-a", 1, true, topics(v1), ch), false);
        registry.register(reg("10.0.0.2:10911", "broker-a", 0, true, topics(v1), ch), false);
        assertThat(registry.memberGroup("DefaultCluster", "broker-a").brokerAddrs())
                .isEqualTo(Map.of(0L, "10.0.0.2:10911"));
    }

    @Test
    void olderStateVersionLosesTheIdToTheOccupant() {
        registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        true,
                        topics(new DataVersion(5, 1, 1), TopicConfig.of("T", 4, 4, 6)),
                        new FakeChannel("a")),
                false);
        registry.register(
                reg(
                        "10.0.0.9:10911",
                        "broker-a",
                        0,
                        true,
                        topics(new DataVersion(3, 1, 1), TopicConfig.of("T", 8, 8, 6)),
                        new FakeChannel("b")),
                false);
        assertThat(route("T").brokerDatas().get(0).masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(route("T").queueDatas().get(0).readQueueNums()).isEqualTo(4);
    }

    @Test
    void topicAdminAndLists() {
        registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        false,
                        topics(
                                v1,
                                TopicConfig.of("T", 4, 4, 6),
                                unitTopic("U", 1),
                                unitTopic("US", 2),
                                unitTopic("UUS", 3)),
                        new FakeChannel("a")),
                false);
        assertThat(registry.allTopics().topicList()).containsExactly("T", "U", "US", "UUS");
        assertThat(route("TBW102")).as("only a lone topic gets TBW102").isNull();
        assertThat(registry.topicsByCluster("DefaultCluster").topicList()).hasSize(4);
        assertThat(registry.topicsByCluster("nope").topicList()).isEmpty();
        assertThat(registry.unitTopics(RouteRegistry.UnitFilter.UNIT).topicList())
                .containsExactly("U", "UUS");
        assertThat(registry.unitTopics(RouteRegistry.UnitFilter.HAS_UNIT_SUB).topicList())
                .containsExactly("US", "UUS");
        assertThat(registry.unitTopics(RouteRegistry.UnitFilter.HAS_UNIT_SUB_NOT_UNIT)
                        .topicList())
                .containsExactly("US");
        assertThat(registry.systemTopics().topicList()).containsExactly("DefaultCluster", "broker-a");
        assertThat(registry.systemTopics().brokerAddr()).isEqualTo("10.0.0.1:10911");

        assertThat(registry.registerTopic("NEW", List.of(new QueueData("broker-x", 1, 1, 6, 0))))
                .isFalse();
        assertThat(registry.registerTopic("NEW", List.of(new QueueData("broker-a", 2, 2, 6, 0))))
                .isTrue();
        assertThat(route("NEW").queueDatas().get(0).writeQueueNums()).isEqualTo(2);

        registry.deleteTopic("NEW", "otherCluster");
        assertThat(route("NEW")).isNotNull();
        registry.deleteTopic("NEW", "DefaultCluster");
        assertThat(route("NEW")).isNull();
        registry.deleteTopic("T", null);
        assertThat(route("T")).isNull();
    }

    @Test
    void deleteTopicWithBrokerRegistrationDropsUnlistedTopics() {
        FakeChannel ch = new FakeChannel("a");
        registry.register(
                reg(
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        false,
                        topics(v1, TopicConfig.of("T", 4, 4, 6), TopicConfig.of("X", 1, 1, 6)),
                        ch),
                true);
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1.next(5), TopicConfig.of("T", 4, 4, 6)), ch),
                true);
        assertThat(route("X")).isNull();
        assertThat(route("T")).isNotNull();
    }

    @Test
    void generationMovesOnlyOnVisibleChange() {
        FakeChannel ch = new FakeChannel("a");
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), ch), false);
        long before = registry.generation();
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), ch), false);
        assertThat(registry.generation())
                .as("periodic re-registration changes nothing")
                .isEqualTo(before);
        registry.wipeWritePerm("broker-a");
        assertThat(registry.generation()).isGreaterThan(before);
    }

    private static TopicConfig unitTopic(String name, int sysFlag) {
        return new TopicConfig(
                name, 1, 1, 6, dev.skiff.remoting.protocol.body.TopicFilterType.SINGLE_TAG, sysFlag, false, Map.of());
    }
}
