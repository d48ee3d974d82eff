package dev.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LiveBrokerConfigTest {
    @Test
    void holdsTheLatestConfig() {
        LiveBrokerConfig live = new LiveBrokerConfig(BrokerConfig.defaults());
        BrokerConfig readOnly = BrokerConfig.defaults().with("brokerPermission", 4);
        live.set(readOnly);
        assertThat(live.get()).isSameAs(readOnly);
    }

    @Test
    void refusesAConfigWhoseFixedKeysDiffer() {
        LiveBrokerConfig live = new LiveBrokerConfig(BrokerConfig.defaults());
        BrokerConfig moved = BrokerConfig.defaults().with("listenPort", 10999).with("deleteWhen", 3);
        assertThatThrownBy(() -> live.set(moved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[listenPort]");
        assertThat(live.get()).isEqualTo(BrokerConfig.defaults());
    }
}
