package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.ha.AckRule;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncStateAcksTest {
    @Test
    void membersOtherThanTheMasterAreRequiredWithWhatIsKnownOfTheirConnection() {
        SyncStateAcks acks = new SyncStateAcks();
        assertThat(acks.requiredSlaves()).isEmpty();
        acks.update(Set.of(1L, 2L, 3L), 1L, Map.of(2L, "127.0.0.1:50001", 3L, "127.0.0.1:50002"));
        assertThat(acks.requiredSlaves())
                .containsExactlyInAnyOrder(
                        new AckRule.Member(2, "127.0.0.1:50001"), new AckRule.Member(3, "127.0.0.1:50002"));
    }

    @Test
    void aMemberWithoutAKnownConnectionIsStillRequiredById() {
        SyncStateAcks acks = new SyncStateAcks();
        acks.update(Set.of(1L, 2L), 1L, Map.of());
        assertThat(acks.requiredSlaves()).containsExactly(new AckRule.Member(2, null));
        acks.clear();
        assertThat(acks.requiredSlaves()).isEmpty();
    }
}
