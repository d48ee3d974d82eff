package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.ManualClock;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.body.Connection;
import dev.skiff.remoting.protocol.body.MessageQueueRef;
import dev.skiff.remoting.protocol.header.GetConsumerConnectionListRequestHeader;
import dev.skiff.remoting.protocol.header.GetProducerConnectionListRequestHeader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.BrokerStatsData;
import org.apache.rocketmq.remoting.protocol.body.ConsumeStatsList;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.ProducerTableInfo;
import org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skiff's admin bodies decoded by the official classes (fastjson), including the object-keyed
 * maps, and the connection lists served through a hand-made {@link ClientDirectory}.
 */
class AdminBodiesCompatTest {
    private static final MessageQueueRef Q1 = new MessageQueueRef("T", "broker-a", 1);
    private static final MessageQueue OFFICIAL_Q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void objectKeyedBodiesDecodeWithTheOfficialClasses() {
        var stats = new dev.skiff.remoting.protocol.body.ConsumeStats(
                Map.of(Q1, new dev.skiff.remoting.protocol.body.ConsumeStats.OffsetWrapper(10, 7, 1234, 8)), 1.5);
        ConsumeStats official = ConsumeStats.decode(stats.encode(), ConsumeStats.class);
        assertThat(official.getConsumeTps()).isEqualTo(1.5);
        assertThat(official.getOffsetTable().get(OFFICIAL_Q1).getConsumerOffset())
                .isEqualTo(7);
        assertThat(official.getOffsetTable().get(OFFICIAL_Q1).getPullOffset()).isEqualTo(8);
        assertThat(official.getOffsetTable().get(OFFICIAL_Q1).getLastTimestamp())
                .isEqualTo(1234);

        var topicStats = new dev.skiff.remoting.protocol.body.TopicStatsTable(
                Map.of(Q1, new dev.skiff.remoting.protocol.body.TopicStatsTable.TopicOffset(2, 9, 99)), 0);
        TopicStatsTable officialStats = TopicStatsTable.decode(topicStats.encode(), TopicStatsTable.class);
        assertThat(officialStats.getOffsetTable().get(OFFICIAL_Q1).getMinOffset())
                .isEqualTo(2);
        assertThat(officialStats.getOffsetTable().get(OFFICIAL_Q1).getMaxOffset())
                .isEqualTo(9);

        var reset = new dev.skiff.remoting.protocol.body.ResetOffsetBody(Map.of(Q1, 42L));
        assertThat(ResetOffsetBody.decode(reset.encode(), ResetOffsetBody.class).getOffsetTable())
                .containsEntry(OFFICIAL_Q1, 42L);
        assertThat(dev.skiff.remoting.protocol.body.ResetOffsetBody.decode(reset.encode()))
                .isEqualTo(reset);
    }

    @Test
    void brokerConsumeStatsListDecodesWithTheOfficialClass() {
        var wrapper = new dev.skiff.remoting.protocol.body.ConsumeStats.OffsetWrapper(10, 7, 1234, 9);
        var stats = new dev.skiff.remoting.protocol.body.ConsumeStats(Map.of(Q1, wrapper), 2.5);
        var list = dev.skiff.remoting.protocol.body.ConsumeStatsList.of(
                "10.0.0.1:10911", new java.util.LinkedHashMap<>(Map.of("cg-a", List.of(stats), "cg-idle", List.of())));
        assertThat(list.totalDiff()).isEqualTo(3);
        assertThat(list.totalInflightDiff()).isEqualTo(2);

        ConsumeStatsList official = ConsumeStatsList.decode(list.encode(), ConsumeStatsList.class);
        assertThat(official.getBrokerAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(official.getTotalDiff()).isEqualTo(3);
        assertThat(official.getTotalInflightDiff()).isEqualTo(2);
        Map<String, List<ConsumeStats>> byGroup = new java.util.HashMap<>();
        official.getConsumeStatsList().forEach(byGroup::putAll);
        assertThat(byGroup.get("cg-idle")).isEmpty();
        assertThat(byGroup.get("cg-a")).singleElement().satisfies(s -> {
            assertThat(s.getConsumeTps()).isEqualTo(2.5);
            assertThat(s.getOffsetTable().get(OFFICIAL_Q1).getBrokerOffset()).isEqualTo(10);
            assertThat(s.getOffsetTable().get(OFFICIAL_Q1).getConsumerOffset()).isEqualTo(7);
            assertThat(s.computeTotalDiff()).isEqualTo(3);
        });
    }

    @Test
    void brokerStatsDataDecodesWithTheOfficialClass() {
        var data = new dev.skiff.remoting.protocol.body.BrokerStatsData(
                new dev.skiff.remoting.protocol.body.BrokerStatsData.Item(6, 0.1, 0),
                new dev.skiff.remoting.protocol.body.BrokerStatsData.Item(42, 0.35, 0),
                new dev.skiff.remoting.protocol.body.BrokerStatsData.Item(43, 0.01, 0));
        BrokerStatsData official = BrokerStatsData.decode(data.encode(), BrokerStatsData.class);
        assertThat(official.getStatsMinute().getSum()).isEqualTo(6);
        assertThat(official.getStatsMinute().getTps()).isEqualTo(0.1);
        assertThat(official.getStatsHour().getSum()).isEqualTo(42);
        assertThat(official.getStatsDay().getSum()).isEqualTo(43);
        assertThat(official.getStatsDay().getAvgpt()).isZero();
    }

    @Test
    void connectionListsComeFromTheDirectory(@TempDir Path dir) throws Exception {
        JsonValue subscription = JsonReader.parse(
                "{\"classFilterMode\":false,\"codeSet\":[2598919],\"expressionType\":\"TAG\",\"subString\":\"TagA\","
                        + "\"subVersion\":1700000000000,\"tagsSet\":[\"TagA\"],\"topic\":\"T\"}",
                JsonReader.Limits.DEFAULT);
        Connection c = new Connection("10.0.0.2@1", "10.0.0.2:50000", "JAVA", 479);
        ClientDirectory directory = new ClientDirectory.Empty() {
            @Override
            public ConsumerGroupView consumerGroup(String group) {
                return group.equals("cg")
                        ? new ConsumerGroupView(
                                List.of(c),
                                Map.of("T", subscription),
                                "CONSUME_PASSIVELY",
                                "CLUSTERING",
                                "CONSUME_FROM_FIRST_OFFSET")
                        : null;
            }

            @Override
            public List<Connection> producers(String group) {
                return group.equals("pg") ? List.of(c) : List.of();
            }

            @Override
            public dev.skiff.remoting.protocol.body.ProducerTableInfo producerTable() {
                return new dev.skiff.remoting.protocol.body.ProducerTableInfo(Map.of(
                        "pg",
                        List.of(new dev.skiff.remoting.protocol.body.ProducerTableInfo.ProducerInfo(
                                c.clientId(), c.clientAddr(), c.language(), c.version(), 1_700_000_000_000L))));
            }
        };
        ManualClock clock = new ManualClock(1_000);
        ConsumerAdminProcessor processor = new ConsumerAdminProcessor(
                "broker-a",
                () -> true,
                TopicConfigTable.open(dir.resolve("topics.json"), clock, 10, List.of()),
                SubscriptionGroupTable.open(dir.resolve("groups.json"), clock, true, 10),
                ConsumerOffsetTable.open(dir.resolve("offsets.json")),
                null, // the connection lists never read the store
                directory,
                new BrokerStats(clock, java.time.ZoneOffset.UTC));

        RemotingCommand consumers = processor.handle(
                null,
                RemotingCommand.request(
                        RequestCode.GET_CONSUMER_CONNECTION_LIST, new GetConsumerConnectionListRequestHeader("cg")));
        assertThat(consumers.code()).isZero();
        ConsumerConnection cc = ConsumerConnection.decode(consumers.body(), ConsumerConnection.class);
        assertThat(cc.getConsumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(cc.getMessageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(cc.getConsumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        assertThat(cc.getConnectionSet()).singleElement().satisfies(conn -> {
            assertThat(conn.getClientId()).isEqualTo("10.0.0.2@1");
            assertThat(conn.getVersion()).isEqualTo(479);
        });
        assertThat(cc.getSubscriptionTable().get("T").getTagsSet()).containsExactly("TagA");

        RemotingCommand offline = processor.handle(
                null,
                RemotingCommand.request(
                        RequestCode.GET_CONSUMER_CONNECTION_LIST, new GetConsumerConnectionListRequestHeader("other")));
        assertThat(offline.code()).isEqualTo(206);

        RemotingCommand producers = processor.handle(
                null,
                RemotingCommand.request(
                        RequestCode.GET_PRODUCER_CONNECTION_LIST, new GetProducerConnectionListRequestHeader("pg")));
        assertThat(ProducerConnection.decode(producers.body(), ProducerConnection.class)
                        .getConnectionSet())
                .singleElement()
                .satisfies(conn -> assertThat(conn.getClientAddr()).isEqualTo("10.0.0.2:50000"));
        RemotingCommand all = processor.handle(null, RemotingCommand.request(RequestCode.GET_ALL_PRODUCER_INFO));
        ProducerTableInfo table = ProducerTableInfo.decode(all.body(), ProducerTableInfo.class);
        assertThat(table.getData().get("pg")).singleElement().satisfies(p -> {
            assertThat(p.getClientId()).isEqualTo("10.0.0.2@1");
            assertThat(p.getRemoteIP()).isEqualTo("10.0.0.2:50000");
            assertThat(p.getLanguage()).isEqualTo(LanguageCode.JAVA);
            assertThat(p.getVersion()).isEqualTo(479);
            assertThat(p.getLastUpdateTimestamp()).isEqualTo(1_700_000_000_000L);
        });

        RemotingCommand noProducer = processor.handle(
                null,
                RemotingCommand.request(
                        RequestCode.GET_PRODUCER_CONNECTION_LIST,
                        new GetProducerConnectionListRequestHeader("nobody")));
        assertThat(noProducer.code()).isEqualTo(1);
        assertThat(noProducer.remark()).contains("nobody");
    }
}
