package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The suggest-a-slave rule with small numbers: 1,000 bytes of memory, 40 % in memory. */
class ReadSuggestionTest {
    private static final long IN_MEMORY = ReadSuggestion.inMemoryMaxBytes(1_000, 40);

    private final AtomicLong commitLogMax = new AtomicLong(10_000);
    private final AtomicBoolean masterOnline = new AtomicBoolean(true);
    private final SubscriptionGroupConfig group = SubscriptionGroupConfig.defaults("g");

    private ReadSuggestion on(long selfId, boolean slaveReadEnable) {
        return new ReadSuggestion(slaveReadEnable, () -> selfId, IN_MEMORY, commitLogMax::get, masterOnline::get);
    }

    @Test
    void inMemoryLimitIsTheRatioOfPhysicalMemory() {
        assertThat(IN_MEMORY).isEqualTo(400);
        assertThat(ReadSuggestion.inMemoryMaxBytes(1_000, 0)).isZero();
        assertThat(ReadSuggestion.inMemoryMaxBytes(1_000, 100)).isEqualTo(1_000);
        assertThatThrownBy(() -> ReadSuggestion.inMemoryMaxBytes(1_000, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void farBehindMeansMoreThanTheLimitBetweenTheLastReadAndTheEnd() {
        assertThat(ReadSuggestion.far(10_000, 9_600, 400)).isFalse(); // exactly 400 behind
        assertThat(ReadSuggestion.far(10_000, 9_599, 400)).isTrue(); // 401 behind
        assertThat(ReadSuggestion.far(10_000, -1, 400)).isFalse(); // read nothing
    }

    @Test
    void masterSuggestsTheSlowConsumerBrokerOnlyWhenFarBehindAndSlaveReadIsOn() {
        assertThat(group.whichBrokerWhenConsumeSlowly()).isEqualTo(1);
        assertThat(on(0, true).suggest(group, 9_000)).isEqualTo(1); // 1,000 behind
        assertThat(on(0, true).suggest(group, 9_700)).isZero(); // 300 behind: the group's broker, 0
        assertThat(on(0, true).suggest(group, -1)).isZero();
        assertThat(on(0, false).suggest(group, 0)).isZero(); // slave reads off: always the master
    }

    @Test
    void slaveSendsACaughtUpConsumerBackWhileTheMasterIsOnline() {
        assertThat(on(1, true).suggest(group, 9_900)).isZero();
        assertThat(on(1, true).suggest(group, 1_000)).isEqualTo(1); // far behind: stay on the slave
        masterOnline.set(false);
        assertThat(on(1, true).suggest(group, 9_900)).isZero(); // the group's brokerId (0); the client
        // falls back to the slave itself when the master is not in the route
        assertThat(ReadSuggestion.suggest(true, 1, false, false, 1, 1)).isEqualTo(1);
    }

    @Test
    void theEndOfTheLogIsReadAtEachPull() {
        ReadSuggestion rule = on(0, true);
        assertThat(rule.suggest(group, 9_700)).isZero();
        commitLogMax.set(20_000);
        assertThat(rule.suggest(group, 9_700)).isEqualTo(1);
    }
}
