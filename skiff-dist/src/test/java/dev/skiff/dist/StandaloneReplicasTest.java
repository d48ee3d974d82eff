package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.BrokerRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code skiff standalone --replicas N}: which brokers it would start. */
class StandaloneReplicasTest {

    private static List<BrokerConfig> configs(String... args) {
        return StandaloneCommand.brokerProps(StandaloneCommand.parse(args)).stream()
                .map(BrokerConfig::fromProperties)
                .toList();
    }

    @Test
    void replicasStartAMasterAndSlavesTenPortsApartWithDataOfTheirOwn() {
        List<BrokerConfig> group = configs("--data", "d", "--broker-port", "20911", "--replicas", "2");

        assertThat(group).hasSize(3);
        for (int i = 0; i < 3; i++) {
            BrokerConfig c = group.get(i);
            assertThat(c.brokerId()).isEqualTo(i);
            assertThat(c.listenPort()).isEqualTo(20911 + 10 * i);
            assertThat(c.brokerRole()).isEqualTo(i == 0 ? BrokerRole.SYNC_MASTER : BrokerRole.SLAVE);
            assertThat(c.storePathRootDir()).isEqualTo(Path.of("d", c.brokerName() + "-" + i));
            assertThat(c.brokerName()).isEqualTo(group.get(0).brokerName());
        }
    }

    @Test
    void withoutReplicasOneBrokerKeepsTheUsualFolderAndRole() {
        List<BrokerConfig> one = configs("--data", "d");

        assertThat(one).hasSize(1);
        assertThat(one.get(0).storePathRootDir()).isEqualTo(Path.of("d", "broker"));
        assertThat(one.get(0).brokerRole()).isEqualTo(BrokerRole.ASYNC_MASTER);
        assertThat(one.get(0).listenPort()).isEqualTo(10911);
    }

    @Test
    void metricsAreOnByDefaultOnLoopbackAndAConfigFileCanSwitchThemOff(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        List<BrokerConfig> brokers = configs("--replicas", "1", "--host", "0.0.0.0");
        assertThat(brokers).allSatisfy(b -> {
            assertThat(b.metricsExporterType()).isEqualTo("PROM");
            assertThat(b.metricsPromExporterHost()).isEqualTo("127.0.0.1");
        });
        assertThat(brokers).extracting(BrokerConfig::metricsPromExporterPort).containsExactly(5557, 5558);
        assertThat(configs("--broker-port", "0").get(0).metricsPromExporterPort())
                .isZero();
        assertThat(StandaloneCommand.namesrvMetrics(StandaloneCommand.parse(new String[0])))
                .containsEntry("metricsExporterType", "PROM")
                .containsEntry("metricsPromExporterHost", "127.0.0.1")
                .containsEntry("metricsPromExporterPort", "5556");
        Path file = dir.resolve("broker.conf");
        java.nio.file.Files.writeString(file, "metricsExporterType=DISABLE\n");
        assertThat(configs("--config", file.toString()).get(0).metricsExporterType())
                .isEqualTo("DISABLE");
    }

    @Test
    void badReplicaCountsAreRefused() {
        assertThatThrownBy(() -> StandaloneCommand.parse(new String[] {"--replicas", "9"}))
                .hasMessageContaining("--replicas wants 0..8");
        assertThatThrownBy(() -> StandaloneCommand.parse(new String[] {"--replicas", "x"}))
                .hasMessageContaining("--replicas");
        assertThatThrownBy(() -> StandaloneCommand.brokerProps(
                        new StandaloneCommand.Options(Path.of("d"), "127.0.0.1", 9876, 65_530, new Properties(), 1)))
                .hasMessageContaining("too high");
    }
}
