package dev.skiff.namesrv.route;

import static dev.skiff.namesrv.route.Registrations.reg;
import static dev.skiff.namesrv.route.Registrations.topics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broker expiry with a manual clock: no sleeping. */
class LivenessTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final RouteRegistry registry = new RouteRegistry(clock, 120_000);
    private final DataVersion v1 = new DataVersion(0, 1, 1);

    @Test
    void brokerSilentFor120SecondsIsDroppedAndItsConnectionClosed() {
        FakeChannel ch = new FakeChannel("a");
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), ch), false);
        clock.advanceMs(120_000);
        assertThat(registry.scanInactive()).isZero();
        assertThat(registry.route("T", false).route()).isNotNull();
        clock.advanceMs(1);
        assertThat(registry.scanInactive()).isEqualTo(1);
        assertThat(ch.closed()).isTrue();
        assertThat(registry.route("T", false).route()).isNull();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
    }

    @Test
    void heartbeatsKeepItAlive() {
        registry.register(reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1), new FakeChannel("a")), false);
        for (int i = 0; i < 5; i++) {
            clock.advanceMs(100_000);
            assertThat(registry.touch("DefaultCluster", "10.0.0.1:10911")).isTrue();
            assertThat(registry.scanInactive()).isZero();
        }
        assertThat(registry.touch("DefaultCluster", "10.0.0.9:1")).isFalse();
        assertThat(registry.liveBrokerCount()).isEqualTo(1);
    }

    @Test
    void registeredTimeoutOverridesTheDefault() {
        registry.register(
                new BrokerRegistration(
                        "DefaultCluster",
                        "10.0.0.1:10911",
                        "broker-a",
                        0,
                        "ha",
                        null,
                        5_000L,
                        false,
                        topics(v1),
                        List.of(),
                        new FakeChannel("a")),
                false);
        clock.advanceMs(5_001);
        assertThat(registry.scanInactive()).isEqualTo(1);
    }

    @Test
    void closedConnectionDropsOnlyItsBrokerAtOnce() {
        FakeChannel master = new FakeChannel("m");
        FakeChannel slave = new FakeChannel("s");
        registry.register(
                reg("10.0.0.1:10911", "broker-a", 0, false, topics(v1, TopicConfig.of("T", 4, 4, 6)), master), false);
        registry.register(reg("10.0.0.2:10911", "broker-a", 1, false, topics(v1), slave), false);
        assertThat(registry.onChannelClosed(new FakeChannel("client"))).isZero();
        assertThat(registry.onChannelClosed(slave)).isEqualTo(1);
        assertThat(registry.route("T", false).route().brokerDatas().get(0).brokerAddrs())
                .containsOnlyKeys(0L);
        assertThat(registry.onChannelClosed(master)).isEqualTo(1);
        assertThat(registry.route("T", false).route()).isNull();
        assertThat(registry.liveBrokerCount()).isZero();
    }
}
