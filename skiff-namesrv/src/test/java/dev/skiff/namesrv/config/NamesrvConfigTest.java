package dev.skiff.namesrv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NamesrvConfigTest {

    @Test
    void defaultsMatchTheDocumentedTable() {
        NamesrvConfig c = NamesrvConfig.defaults();
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.listenPort()).isEqualTo(9876);
        assertThat(c.scanIntervalMs()).isEqualTo(10_000);
        assertThat(c.brokerTimeoutMs()).isEqualTo(120_000);
        assertThat(c.orderMessageEnable()).isFalse();
        assertThat(c.returnOrderTopicConfigToBroker()).isTrue();
        assertThat(c.kvConfigFile().getFileName().toString()).isEqualTo("kvConfig.json");
        // Every key has a row in the javadoc table and round-trips through properties.
        assertThat(NamesrvConfig.fromProperties(c.toProperties())).isEqualTo(c);
        String source = c.toPropertiesText();
        for (String key : NamesrvConfig.defaultValues().keySet()) {
            assertThat(source).contains(key + "=");
        }
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        Properties p = new Properties();
        p.setProperty("listenPortt", "1");
        assertThatThrownBy(() -> NamesrvConfig.fromProperties(p))
                .hasMessageContaining("unknown name server config key(s): [listenPortt]");
        Properties bad = new Properties();
        bad.setProperty("brokerTimeoutMs", "soon");
        assertThatThrownBy(() -> NamesrvConfig.fromProperties(bad))
                .hasMessageContaining("'brokerTimeoutMs' is not an integer");
        Properties range = new Properties();
        range.setProperty("listenPort", "70000");
        assertThatThrownBy(() -> NamesrvConfig.fromProperties(range))
                .hasMessageContaining("'listenPort' must be 0..65535");
        Properties bool = new Properties();
        bool.setProperty("orderMessageEnable", "yes");
        assertThatThrownBy(() -> NamesrvConfig.fromProperties(bool)).hasMessageContaining("must be true or false");
    }

    @Test
    void liveUpdatesOnlyDynamicKeys() {
        LiveConfig live = new LiveConfig(NamesrvConfig.defaults());
        Properties p = new Properties();
        p.setProperty("orderMessageEnable", "true");
        assertThat(live.update(p).orderMessageEnable()).isTrue();
        Properties fixed = new Properties();
        fixed.setProperty("listenPort", "1234");
        assertThatThrownBy(() -> live.update(fixed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("listenPort");
        Properties unknown = new Properties();
        unknown.setProperty("nope", "1");
        assertThatThrownBy(() -> live.update(unknown)).isInstanceOf(IllegalArgumentException.class);
        assertThat(live.get().listenPort()).isEqualTo(9876);
    }
}
