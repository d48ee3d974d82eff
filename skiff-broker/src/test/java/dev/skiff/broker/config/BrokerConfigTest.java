package dev.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreConfig.FlushMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    @Test
    void defaultsMatchTheDocumentedTable() {
        BrokerConfig c = BrokerConfig.defaults();
        assertThat(c.brokerName()).isEqualTo("broker-a");
        assertThat(c.listenPort()).isEqualTo(10911);
        assertThat(c.flushDiskType()).isEqualTo(FlushMode.ASYNC);
        assertThat(c.defaultTopicQueueNums()).isEqualTo(4);
        assertThat(c.maxMessageSize()).isEqualTo(4 << 20);
        assertThat(c.delayLevelsMs()).hasSize(18).startsWith(1_000L, 5_000L).endsWith(7_200_000L);
        assertThat(BrokerConfig.fromProperties(c.toProperties())).isEqualTo(c);
    }

    @Test
    void officialKeyNamesAndValuesAreAccepted() {
        Properties p = new Properties();
        p.setProperty("flushDiskType", "SYNC_FLUSH");
        p.setProperty("namesrvAddr", "10.0.0.1:9876; 10.0.0.2:9876");
        p.setProperty("brokerClusterName", "c1");
        BrokerConfig c = BrokerConfig.fromProperties(p);
        assertThat(c.flushDiskType()).isEqualTo(FlushMode.SYNC);
        assertThat(c.namesrvAddr()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(c.toPropertiesText()).contains("flushDiskType=SYNC_FLUSH\n");
    }

    @Test
    void commitLogWritesNamesTheStoreModeOrLeavesItToTheFlushType() {
        assertThat(BrokerConfig.defaults().commitLogWrites()).isEqualTo("AUTO");
        assertThat(BrokerConfig.defaults().commitLogWritesMode()).isNull();
        assertThat(BrokerConfig.defaults().with("commitLogWrites", "channel").commitLogWritesMode())
                .isEqualTo(StoreConfig.CommitLogWrites.CHANNEL);
        BrokerConfig staged =
                BrokerConfig.defaults().with("flushDiskType", "SYNC_FLUSH").with("commitLogWrites", "STAGED");
        assertThat(staged.commitLogWritesMode()).isEqualTo(StoreConfig.CommitLogWrites.STAGED);
        assertThat(staged.toPropertiesText()).contains("commitLogWrites=STAGED\n");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("commitLogWrites", "STAGED"))
                .hasMessageContaining("commitLogWrites")
                .hasMessageContaining("SYNC_FLUSH");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("commitLogWrites", "SOMETIMES"))
                .hasMessageContaining("commitLogWrites");
    }

    @Test
    void rolesUseTheOfficialKeysAndAgreeWithTheBrokerId() {
        BrokerConfig master = BrokerConfig.defaults();
        assertThat(master.brokerRole()).isEqualTo(BrokerRole.ASYNC_MASTER);
        assertThat(master.isMaster()).isTrue();
        assertThat(master.effectiveHaListenPort()).isEqualTo(10912);
        assertThat(master.with("listenPort", 0).effectiveHaListenPort()).isZero();
        assertThat(master.with("haListenPort", 20000).effectiveHaListenPort()).isEqualTo(20000);

        Properties p = new Properties();
        p.setProperty("brokerRole", "slave");
        p.setProperty("brokerId", "2");
        p.setProperty("haMasterAddress", "10.0.0.1:10912");
        BrokerConfig slave = BrokerConfig.fromProperties(p);
        assertThat(slave.brokerRole()).isEqualTo(BrokerRole.SLAVE);
        assertThat(slave.isMaster()).isFalse();
        assertThat(slave.toPropertiesText())
                .contains("brokerRole=SLAVE\n")
                .contains("haMasterAddress=10.0.0.1:10912\n");

        assertThatThrownBy(() -> master.with("brokerId", 1))
                .hasMessageContaining("brokerId")
                .hasMessageContaining("master");
        assertThatThrownBy(() -> master.with("brokerRole", "SLAVE"))
                .hasMessageContaining("brokerId")
                .hasMessageContaining("SLAVE");
        assertThatThrownBy(() -> master.with("brokerRole", "LEADER"))
                .hasMessageContaining("brokerRole")
                .hasMessageContaining("SYNC_MASTER");
        assertThatThrownBy(() -> slave.with("haMasterAddress", "nohost")).hasMessageContaining("haMasterAddress");
    }

    @Test
    void badKeysAndValuesAreRejectedByName() {
        assertThatThrownBy(() -> BrokerConfig.defaults().with("noSuchKey", "1")).hasMessageContaining("noSuchKey");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("listenPort", "70000"))
                .hasMessageContaining("listenPort");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("maxMessageSize", "abc"))
                .hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("messageDelayLevel", "1s 5x"))
                .hasMessageContaining("5x");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("flushDiskType", "SOMETIMES"))
                .hasMessageContaining("flushDiskType");
        assertThatThrownBy(() -> BrokerConfig.defaults().with("brokerName", "bad name"))
                .hasMessageContaining("brokerName");
    }

    @Test
    void liveKeysAreKnownKeysAndDifferingKeysComeInTableOrder() {
        assertThat(BrokerConfig.defaultValues().keySet()).containsAll(BrokerConfig.LIVE_KEYS);
        BrokerConfig changed = BrokerConfig.defaults()
                .with("maxMessageSize", 2048)
                .with("brokerPermission", 4)
                .with("brokerName", "broker-b");
        assertThat(BrokerConfig.defaults().differingKeys(changed))
                .containsExactly("brokerName", "brokerPermission", "maxMessageSize");
        assertThat(changed.differingKeys(changed)).isEmpty();
    }

    @Test
    void theOperatorDocsListExactlyTheLiveKeys() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        Set<String> documented = new TreeSet<>();
        Pattern firstColumnKey = Pattern.compile("`(\\w+)`");
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("## Every key")) {
                break; // the generated tables of every key follow
            }
            if (line.startsWith("| `")) {
                Matcher m = firstColumnKey.matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        assertThat(documented).as(doc + " table").isEqualTo(new TreeSet<>(BrokerConfig.LIVE_KEYS));
    }

    @Test
    void delayLevelsParseEveryUnit() {
        assertThat(DelayLevels.parse("2s 3m 1h 1d")).containsExactly(2_000L, 180_000L, 3_600_000L, 86_400_000L);
        assertThatThrownBy(() -> DelayLevels.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DelayLevels.parse("0s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerAndNameServerShareTheOneListOfAuthKeys() {
        Properties p = new Properties();
        p.setProperty("authorizationEnabled", "true");
        p.setProperty("innerClientAuthenticationCredentials", "{\"accessKey\":\"ak\",\"secretKey\":\"sk\"}");
        BrokerConfig broker = BrokerConfig.fromProperties(p);
        dev.skiff.namesrv.config.NamesrvConfig namesrv = dev.skiff.namesrv.config.NamesrvConfig.fromProperties(p);
        assertThat(broker.authSettings()).isEqualTo(namesrv.authSettings());
        assertThat(broker.authSettings().authorizationEnabled()).isTrue();
        assertThat(broker.authSettings().innerCredentials().secretKey()).isEqualTo("sk");
        assertThat(broker.toPropertiesText()).contains("innerClientAuthenticationCredentials=***");
        for (String key : dev.skiff.auth.AuthSettings.KEYS) {
            assertThat(broker.toProperties()).containsKey(key);
            assertThat(namesrv.toProperties()).containsKey(key);
        }

        p.setProperty("initAuthenticationUser", "not json");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(p)).hasMessageContaining("'initAuthenticationUser'");
        assertThatThrownBy(() -> dev.skiff.namesrv.config.NamesrvConfig.fromProperties(p))
                .hasMessageContaining("'initAuthenticationUser'");
    }

    @Test
    void brokerAndNameServerBuildTheirTransportFromTheSameKeysOneWay() {
        Properties p = new Properties();
        p.setProperty("listenHost", "127.0.0.1");
        p.setProperty("listenPort", "10999");
        p.setProperty("ioThreads", "3");
        p.setProperty("idleTimeoutMs", "60000");
        p.setProperty("frameDeadlineMs", "5000");
        p.setProperty("partialFramesMaxBytes", "33554432");
        dev.skiff.remoting.RemotingServerConfig broker =
                BrokerConfig.fromProperties(p).transportConfig();
        dev.skiff.remoting.RemotingServerConfig namesrv =
                dev.skiff.namesrv.config.NamesrvConfig.fromProperties(p).transportConfig();
        assertThat(broker).isEqualTo(namesrv);
        assertThat(broker.bindHost()).isEqualTo("127.0.0.1");
        assertThat(broker.port()).isEqualTo(10999);
        assertThat(broker.ioThreads()).isEqualTo(3);
        assertThat(broker.idleTimeoutMs()).isEqualTo(60_000);
        assertThat(broker.frameDeadlineMs()).isEqualTo(5_000);
        assertThat(broker.partialFramesMaxBytes()).isEqualTo(32 << 20);
        assertThat(broker.tls().mode()).isEqualTo(dev.skiff.remoting.TlsSettings.Mode.DISABLED);
        assertThat(broker.serializeType()).isEqualTo(dev.skiff.remoting.protocol.SerializeType.JSON);
        assertThat(broker.shutdownGoAway()).isTrue();
    }
}
