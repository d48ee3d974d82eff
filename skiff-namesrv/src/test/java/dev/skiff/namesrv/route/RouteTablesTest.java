package dev.skiff.namesrv.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.json.JsonObject;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry's three tables on their own, without the registration rules or the lock. */
class RouteTablesTest {
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    private static QueueData q(String broker, int perm, int sysFlag) {
        return new QueueData(broker, 4, 4, perm, sysFlag);
    }

    @Test
    void topicRoutesDropATopicWithItsLastBrokerAndAGoneBrokersMappings() {
        TopicRoutes t = new TopicRoutes();
        assertThat(t.put("A", q("b1", RW, 0))).isTrue();
        assertThat(t.put("A", q("b1", RW, 0))).as("the same again is no change").isFalse();
        assertThat(t.put("A", q("b2", RW, 0))).isTrue();
        assertThat(t.put("B", q("b1", RW, 0))).isTrue();
        t.putMapping("A", "b1", new JsonObject().put("bname", "b1"));
        assertThat(t.serves("A", "b2")).isTrue();

        assertThat(t.removeBroker("b1")).isTrue();
        assertThat(t.all().topicList()).containsExactly("A");
        assertThat(t.queues("A")).containsOnlyKeys("b2");
        assertThat(t.mapping("A")).as("a mapping left empty goes").isNull();
        assertThat(t.removeBroker("b1")).isFalse();
    }

    @Test
    void topicRoutesChangePermissionsAndDeleteByBrokerNames() {
        TopicRoutes t = new TopicRoutes();
        t.put("A", q("b1", RW, 0));
        t.put("B", q("b1", TopicConfig.PERM_READ, 0));
        t.put("B", q("b2", RW, 0));
        assertThat(t.wipeWrite("b1")).isTrue();
        assertThat(t.queues("A").get("b1").perm()).isEqualTo(TopicConfig.PERM_READ);
        assertThat(t.wipeWrite("b1")).as("nothing writable left").isFalse();
        assertThat(t.changePerm("b1", perm -> RW)).isEqualTo(2);
        assertThat(t.queues("B").get("b1").perm()).isEqualTo(RW);

        assertThat(t.removeFrom("B", null)).as("unknown cluster").isFalse();
        assertThat(t.removeFrom("B", Set.of("b2", "b9"))).isTrue();
        assertThat(t.queues("B")).containsOnlyKeys("b1");
        assertThat(t.removeFrom("A", Set.of("b1"))).isTrue();
        assertThat(t.queues("A")).as("its last broker gone").isNull();
        assertThat(t.servedByAny(Set.of("b1")).topicList()).containsExactly("B");
        assertThat(t.remove("B")).isTrue();
        assertThat(t.remove("B")).isFalse();
    }

    @Test
    void topicRoutesDropOnlyTheRegistrantsMissingTopicsAndFilterUnitFlags() {
        TopicRoutes t = new TopicRoutes();
        t.put("keep", q("b1", RW, 0x1));
        t.put("gone", q("b1", RW, 0x2));
        t.put("other", q("b2", RW, 0x3));
        assertThat(t.unitTopics(RouteRegistry.UnitFilter.UNIT).topicList()).containsExactly("keep", "other");
        assertThat(t.unitTopics(RouteRegistry.UnitFilter.HAS_UNIT_SUB_NOT_UNIT).topicList())
                .containsExactly("gone");
        assertThat(t.removeTopicsNotIn("b1", Set.of("keep"))).isTrue();
        assertThat(t.all().topicList()).containsExactly("keep", "other");
        assertThat(t.removeTopicsNotIn("b1", Set.of("keep"))).isFalse();
    }

    @Test
    void brokerGroupsTrackClustersAndFindAProcessesGroup() {
        BrokerGroups g = new BrokerGroups();
        assertThat(g.joinCluster("c1", "b1")).isTrue();
        assertThat(g.joinCluster("c1", "b1")).isFalse();
        BrokerGroup b1 = g.create("c1", "b1");
        b1.addrs.put(0L, "10.0.0.1:10911");
        b1.addrs.put(1L, "10.0.0.2:10911");
        assertThat(g.contains("b1")).isTrue();
        assertThat(g.nameOf(new BrokerAddrKey("c1", "10.0.0.2:10911"))).isEqualTo("b1");
        assertThat(g.nameOf(new BrokerAddrKey("c2", "10.0.0.2:10911")))
                .as("the same address in another cluster")
                .isNull();
        assertThat(g.systemTopics().topicList()).containsExactly("c1", "b1");
        assertThat(g.systemTopics().brokerAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(g.clusterInfo().clusterAddrTable()).containsEntry("c1", Set.of("b1"));
        assertThat(g.memberGroup("c1", "b1").brokerAddrs()).containsEntry(1L, "10.0.0.2:10911");
        assertThat(g.memberGroup("c1", "nope").brokerAddrs()).isEmpty();

        g.remove("c1", "b1");
        assertThat(g.get("b1")).isNull();
        assertThat(g.namesIn("c1")).as("an emptied cluster goes").isNull();
    }

    @Test
    void liveBrokersExpireByTheirOwnTimeoutAndKeepFilterServersApart() {
        LiveBrokers live = new LiveBrokers();
        DataVersion v = new DataVersion(0, 1, 1);
        FakeChannel ch = new FakeChannel("a");
        BrokerAddrKey a = new BrokerAddrKey("c1", "a:1");
        BrokerAddrKey b = new BrokerAddrKey("c1", "b:1");
        assertThat(live.put(a, new BrokerLiveInfo(1_000, 10_000, v, ch, null))).isNull();
        live.put(b, new BrokerLiveInfo(1_000, 60_000, v, null, null));
        assertThat(live.expired(11_000)).as("exactly at the limit is alive").isEmpty();
        assertThat(live.expired(11_001)).extracting(Map.Entry::getKey).containsExactly(a);
        live.get(a).touch(11_000);
        assertThat(live.expired(11_001)).isEmpty();
        assertThat(live.registeredOver(ch)).containsExactly(a);
        assertThat(live.registeredOver(new FakeChannel("x"))).isEmpty();

        assertThat(live.updateFilterServers(a, null)).as("null leaves them").isFalse();
        assertThat(live.updateFilterServers(a, List.of("f:1"))).isTrue();
        assertThat(live.updateFilterServers(a, List.of("f:1"))).isFalse();
        assertThat(live.hasFilterServers()).isTrue();
        assertThat(live.remove(a)).isTrue();
        assertThat(live.filterServers(a))
                .as("liveness and filter servers go separately")
                .containsExactly("f:1");
        assertThat(live.updateFilterServers(a, List.of()))
                .as("empty removes them")
                .isTrue();
        assertThat(live.removeFilterServers(a)).isFalse();
        assertThat(live.size()).isEqualTo(1);
    }
}
