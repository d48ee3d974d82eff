package dev.skiff.remoting.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.junit.jupiter.api.Test;

/** Byte-level agreement with the official 5.5.0 classes, both directions. */
class OfficialBodyCompatibilityTest {

    private static org.apache.rocketmq.remoting.protocol.route.TopicRouteData officialRoute() {
        var route = new org.apache.rocketmq.remoting.protocol.route.TopicRouteData();
        BrokerData bd = new BrokerData(
                "DefaultCluster", "broker-a", new HashMap<>(Map.of(0L, "127.0.0.1:10911", 1L, "127.0.0.1:10921")));
        route.setBrokerDatas(new ArrayList<>(List.of(bd)));
        QueueData q = new QueueData();
        q.setBrokerName("broker-a");
        q.setPerm(6);
        q.setReadQueueNums(4);
        q.setWriteQueueNums(4);
        route.setQueueDatas(new ArrayList<>(List.of(q)));
        route.setFilterServerTable(new HashMap<>());
        return route;
    }

    @Test
    void routeDefaultAndStandardFormsMatchOfficialBytes() {
        var official = officialRoute();
        TopicRouteData ours = TopicRouteData.decode(official.encode());
        assertThat(ours.brokerDatas().get(0).brokerAddrs()).containsEntry(1L, "127.0.0.1:10921");
        assertThat(new String(ours.encode(JsonForm.DEFAULT), StandardCharsets.UTF_8))
                .isEqualTo(new String(official.encode(), StandardCharsets.UTF_8));
        @SuppressWarnings("deprecation")
        byte[] standard = official.encode(
                com.alibaba.fastjson2.JSONWriter.Feature.BrowserCompatible,
                com.alibaba.fastjson2.JSONWriter.Feature.MapSortField);
        assertThat(new String(ours.encode(JsonForm.STANDARD), StandardCharsets.UTF_8))
                .isEqualTo(new String(standard, StandardCharsets.UTF_8))
                .contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\",\"1\":\"127.0.0.1:10921\"}");
        var back = org.apache.rocketmq.remoting.protocol.route.TopicRouteData.decode(
                ours.withOrderTopicConf("broker-a:4").encode(JsonForm.STANDARD),
                org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
        assertThat(back.getOrderTopicConf()).isEqualTo("broker-a:4");
        assertThat(back.getBrokerDatas().get(0).getBrokerAddrs()).containsEntry(1L, "127.0.0.1:10921");
    }

    @Test
    void clusterInfoKvTableTopicListDataVersionMatchOfficialBytes() {
        var bd = new BrokerData("DefaultCluster", "broker-a", new HashMap<>(Map.of(0L, "127.0.0.1:10911")));
        var ci = new org.apache.rocketmq.remoting.protocol.body.ClusterInfo();
        ci.setBrokerAddrTable(new HashMap<>(Map.of("broker-a", bd)));
        ci.setClusterAddrTable(new HashMap<>(Map.of("DefaultCluster", new HashSet<>(Set.of("broker-a")))));
        assertThat(ClusterInfo.decode(ci.encode()).encode()).isEqualTo(ci.encode());

        var kv = new org.apache.rocketmq.remoting.protocol.body.KVTable();
        kv.setTable(new HashMap<>(Map.of("TopicTest", "broker-a:4")));
        assertThat(KVTable.decode(kv.encode()).encode()).isEqualTo(kv.encode());

        var tl = new org.apache.rocketmq.remoting.protocol.body.TopicList();
        tl.setTopicList(new HashSet<>(Set.of("TopicTest")));
        tl.setBrokerAddr("127.0.0.1:10911");
        assertThat(new String(TopicList.decode(tl.encode()).encode(), StandardCharsets.UTF_8))
                .isEqualTo(new String(tl.encode(), StandardCharsets.UTF_8));

        var dv = new org.apache.rocketmq.remoting.protocol.DataVersion();
        dv.setStateVersion(3);
        dv.nextVersion();
        DataVersion ours = DataVersion.decode(dv.encode());
        assertThat(ours.counter()).isEqualTo(1);
        assertThat(ours.encode()).isEqualTo(dv.encode());
    }

    private static org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody officialRegisterBody() {
        var body = new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        TopicConfig tc = new TopicConfig("TopicTest", 4, 4, 6);
        tc.setAttributes(new HashMap<>(Map.of("+message.type", "NORMAL")));
        wrapper.getTopicConfigTable().put("TopicTest", tc);
        wrapper.getTopicConfigTable().put("TBW102", new TopicConfig("TBW102", 8, 8, 7));
        wrapper.getDataVersion().nextVersion();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(new ArrayList<>(List.of("127.0.0.1:9999")));
        return body;
    }

    @Test
    void registerBrokerBodyUncompressedBothWays() {
        var official = officialRegisterBody();
        byte[] bytes = official.encode(false);
        RegisterBrokerBody ours = RegisterBrokerBody.decode(bytes, false, MQVersion.CURRENT_VERSION, 1 << 20);
        var topics = ours.topicConfigSerializeWrapper().topicConfigTable();
        assertThat(topics).containsKeys("TopicTest", "TBW102");
        assertThat(topics.get("TopicTest").attributes()).containsEntry("+message.type", "NORMAL");
        assertThat(topics.get("TBW102").perm()).isEqualTo(7);
        assertThat(ours.filterServerList()).containsExactly("127.0.0.1:9999");
        assertThat(ours.topicConfigSerializeWrapper().dataVersion().counter()).isEqualTo(1);
        // Official map order is hash order, ours is sorted: the same document, compared as trees.
        assertThat(Json.parse(ours.encode(false))).isEqualTo(Json.parse(bytes));
    }

    @Test
    void registerBrokerBodyCompressedBothWays() throws Exception {
        var official = officialRegisterBody();
        RegisterBrokerBody ours =
                RegisterBrokerBody.decode(official.encode(true), true, MQVersion.CURRENT_VERSION, 1 << 20);
        assertThat(ours.topicConfigSerializeWrapper()
                        .topicConfigTable()
                        .get("TopicTest")
                        .writeQueueNums())
                .isEqualTo(4);
        assertThat(ours.topicConfigSerializeWrapper()
                        .topicConfigTable()
                        .get("TopicTest")
                        .attributes())
                .containsEntry("+message.type", "NORMAL");
        assertThat(ours.filterServerList()).containsExactly("127.0.0.1:9999");

        var back = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(
                ours.encode(true), true, MQVersion.Version.V5_3_3);
        assertThat(back.getTopicConfigSerializeWrapper().getTopicConfigTable()).containsKeys("TopicTest", "TBW102");
        assertThat(back.getTopicConfigSerializeWrapper()
                        .getTopicConfigTable()
                        .get("TBW102")
                        .getPerm())
                .isEqualTo(7);
        assertThat(back.getFilterServerList()).containsExactly("127.0.0.1:9999");
        assertThat(back.getTopicConfigSerializeWrapper()
                        .getDataVersion()
                        .getCounter()
                        .get())
                .isEqualTo(1);
    }

    @Test
    void compressedDecodingIsBounded() {
        byte[] compressed = officialRegisterBody().encode(true);
        assertThatThrownBy(() -> RegisterBrokerBody.decode(compressed, true, MQVersion.CURRENT_VERSION, 40))
                .isInstanceOf(BodyFormatException.class)
                .hasMessageContaining("size limit");
        assertThatThrownBy(() -> RegisterBrokerBody.decode(new byte[] {1, 2, 3}, true, 479, 1 << 20))
                .isInstanceOf(BodyFormatException.class)
                .hasMessageStartingWith("RegisterBrokerBody (compressed)");
        byte[] truncated = java.util.Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> RegisterBrokerBody.decode(truncated, true, 479, 1 << 20))
                .isInstanceOf(BodyFormatException.class);
    }

    @Test
    void malformedBodiesNameTheProblem() {
        assertThatThrownBy(() ->
                        RegisterBrokerBody.decode("{\"topicConfigSerializeWrapper\":".getBytes(), false, 479, 1024))
                .isInstanceOf(BodyFormatException.class)
                .hasMessageContaining("RegisterBrokerBody: JSON error at line 1");
        assertThatThrownBy(() -> RegisterBrokerBody.decode(
                        "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"t\":{\"perm\":\"x\"}}}}".getBytes(),
                        false,
                        479,
                        1024))
                .isInstanceOf(BodyFormatException.class)
                .hasMessageContaining("member 'perm'");
        assertThatThrownBy(() -> TopicRouteData.decode("[]".getBytes())).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> DataVersion.decode(null)).hasMessageContaining("body is empty");
    }

    @Test
    void brokerMemberGroupResponseMatchesOfficial() {
        BrokerMemberGroup group = new BrokerMemberGroup("c", "b", Map.of(0L, "a:1", 2L, "a:2"));
        var official = org.apache.rocketmq.remoting.protocol.body.GetBrokerMemberGroupResponseBody.decode(
                group.encodeResponseBody(),
                org.apache.rocketmq.remoting.protocol.body.GetBrokerMemberGroupResponseBody.class);
        assertThat(official.getBrokerMemberGroup().getBrokerAddrs()).containsEntry(2L, "a:2");
        assertThat(BrokerMemberGroup.decodeResponseBody(official.encode())).isEqualTo(group);
    }
}
