package dev.skiff.broker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.body.HeartbeatData.ConsumerData;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.testing.FakeChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerRegistryTest {
    private static final long EXPIRY_MS = 120_000;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private static SubscriptionData sub(String topic, String expression, long version) {
        Set<String> tags = expression.equals("*") ? Set.of() : Set.of(expression);
        Set<Integer> codes = expression.equals("*") ? Set.of() : Set.of(expression.hashCode());
        return new SubscriptionData(topic, expression, tags, codes, version, "TAG", false);
    }

    private static ConsumerData data(String group, SubscriptionData... subs) {
        return new ConsumerData(
                group, "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", List.of(subs), false);
    }

    private ClientConnection conn(String id, FakeChannel channel) {
        return new ClientConnection(id, channel, LanguageCode.JAVA, 479, clock.nowMs());
    }

    @Test
    void joinsAndSubscriptionChangesAreReportedOnce() {
        ConsumerRegistry registry = new ConsumerRegistry(ClientTables.defaults(EXPIRY_MS), clock);
        FakeChannel ch = FakeChannel.at("127.0.0.1", 1);

        ConsumerRegistry.Outcome first = registry.register(data("g", sub("T", "*", 1)), conn("c1", ch));
        ConsumerRegistry.Outcome again = registry.register(data("g", sub("T", "*", 1)), conn("c1", ch));
        ConsumerRegistry.Outcome newTag = registry.register(data("g", sub("T", "TagA", 2)), conn("c1", ch));
        ConsumerRegistry.Outcome stale = registry.register(data("g", sub("T", "TagB", 1)), conn("c1", ch));

        assertThat(first.membersChanged()).isTrue();
        assertThat(first.subscriptionsChanged()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(newTag.subscriptionsChanged()).isTrue();
        assertThat(stale.changed())
                .as("an older subVersion does not replace a newer one")
                .isFalse();
        assertThat(registry.subscription("g", "T").subString()).isEqualTo("TagA");
        ConsumerGroupSnapshot snapshot = registry.group("g").orElseThrow();
        assertThat(snapshot.connections())
                .extracting(ClientConnection::clientId)
                .containsExactly("c1");
        assertThat(snapshot.connections().get(0).clientAddr()).isEqualTo("127.0.0.1:1");
        assertThat(snapshot.consumeType()).isEqualTo("CONSUME_PASSIVELY");
        assertThat(registry.groupsSubscribing("T")).containsExactly("g");
    }

    @Test
    void silentClientsExpireAfterTheTimeoutAndTheRestAreNotified() throws Exception {
        ConsumerRegistry consumers = new ConsumerRegistry(ClientTables.defaults(EXPIRY_MS), clock);
        ProducerRegistry producers = new ProducerRegistry(ClientTables.defaults(EXPIRY_MS), clock);
        SubscriptionGroupTable groups =
                SubscriptionGroupTable.open(dir.resolve("subscriptionGroup.json"), clock, true, 100);
        ClientHousekeeper housekeeper =
                new ClientHousekeeper(consumers, producers, new ConsumerIdsChangeNotifier(consumers, groups));
        FakeChannel quiet = FakeChannel.at("127.0.0.1", 1);
        FakeChannel lively = FakeChannel.at("127.0.0.1", 2);
        consumers.register(data("g", sub("T", "*", 1)), conn("quiet", quiet));
        consumers.register(data("g", sub("T", "*", 1)), conn("lively", lively));
        producers.register("pg", conn("quiet", quiet));

        clock.advanceMs(EXPIRY_MS - 1_000);
        consumers.register(data("g", sub("T", "*", 1)), conn("lively", lively));
        assertThat(housekeeper.scan())
                .as("nobody silent for the full timeout yet")
                .isZero();

        clock.advanceMs(2_000);
        int dropped = housekeeper.scan();

        assertThat(dropped).isEqualTo(2);
        assertThat(consumers.consumerIds("g")).containsExactly("lively");
        assertThat(producers.connections("pg")).isEmpty();
        assertThat(quiet.closed()).isTrue();
        assertThat(lively.closed()).isFalse();
        assertThat(lively.oneways).extracting(c -> c.code()).containsExactly(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
        assertThat(lively.oneways.get(0).extField("consumerGroup")).isEqualTo("g");

        clock.advanceMs(EXPIRY_MS + 1);
        housekeeper.scan();
        assertThat(consumers.groupNames())
                .as("a group goes with its last member")
                .isEmpty();
    }

    @Test
    void closingAConnectionRemovesItsMemberships() {
        ConsumerRegistry consumers = new ConsumerRegistry(ClientTables.defaults(EXPIRY_MS), clock);
        FakeChannel a = FakeChannel.at("127.0.0.1", 1);
        FakeChannel b = FakeChannel.at("127.0.0.1", 2);
        consumers.register(data("g1", sub("T", "*", 1)), conn("a", a));
        consumers.register(data("g2", sub("T", "*", 1)), conn("a", a));
        consumers.register(data("g1", sub("T", "*", 1)), conn("b", b));

        Set<String> changed = consumers.removeChannel(a);

        assertThat(changed).containsExactly("g1", "g2");
        assertThat(consumers.consumerIds("g1")).containsExactly("b");
        assertThat(consumers.group("g2")).isEmpty();
    }

    @Test
    void limitsRefuseNewGroupsAndMembers() {
        ConsumerRegistry consumers = new ConsumerRegistry(new ClientTables(1, 2, EXPIRY_MS), clock);
        assertThat(consumers
                        .register(data("g", sub("T", "*", 1)), conn("a", FakeChannel.at("127.0.0.1", 1)))
                        .rejected())
                .isFalse();
        assertThat(consumers
                        .register(data("g", sub("T", "*", 1)), conn("b", FakeChannel.at("127.0.0.1", 2)))
                        .rejected())
                .isFalse();
        assertThat(consumers
                        .register(data("g", sub("T", "*", 1)), conn("c", FakeChannel.at("127.0.0.1", 3)))
                        .rejected())
                .isTrue();
        assertThat(consumers
                        .register(data("other", sub("T", "*", 1)), conn("a", FakeChannel.at("127.0.0.1", 1)))
                        .rejected())
                .isTrue();
        assertThat(consumers.consumerIds("g")).containsExactly("a", "b");
        assertThat(consumers.groupNames()).containsExactly("g");
    }
}
