package dev.skiff.broker.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimerMessagesTest {
    private static final long NOW = 1_800_000_000_000L;

    /** Properties as the client encodes them: name 0x01 value 0x02, repeated. */
    private static String props(String... nameValues) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            s.append(nameValues[i]).append('\u0001').append(nameValues[i + 1]).append('\u0002');
        }
        return s.toString();
    }

    @Test
    void eachAskingNameGivesItsTime() {
        assertThat(TimerMessages.requestedDeliverMs(props("KEYS", "k", "TIMER_DELAY_SEC", "3"), NOW))
                .isEqualTo(NOW + 3_000);
        assertThat(TimerMessages.requestedDeliverMs(props("TIMER_DELAY_MS", "250"), NOW))
                .isEqualTo(NOW + 250);
        assertThat(TimerMessages.requestedDeliverMs(props("TIMER_DELIVER_MS", "1900000000000"), NOW))
                .isEqualTo(1_900_000_000_000L);
        assertThat(TimerMessages.requestedDeliverMs(props("__STARTDELIVERTIME", "1900000000001"), NOW))
                .isEqualTo(1_900_000_000_001L);
    }

    @Test
    void aMessageThatAsksNothingIsNotTimed() {
        assertThat(TimerMessages.requestedDeliverMs(null, NOW)).isEqualTo(TimerMessages.NOT_TIMED);
        assertThat(TimerMessages.requestedDeliverMs("", NOW)).isEqualTo(TimerMessages.NOT_TIMED);
        assertThat(TimerMessages.requestedDeliverMs(props("KEYS", "k", "UNIQ_KEY", "AC1100"), NOW))
                .isEqualTo(TimerMessages.NOT_TIMED);
        // the names inside values, or as parts of other names, ask for nothing
        assertThat(TimerMessages.requestedDeliverMs(
                        props("KEYS", "TIMER_DELAY_SEC", "MY_TIMER_DELAY_MS", "5", "TAGS", "__STARTDELIVERTIME"), NOW))
                .isEqualTo(TimerMessages.NOT_TIMED);
    }

    @Test
    void aTimeThatIsNotANumberIsAnError() {
        assertThatThrownBy(() -> TimerMessages.requestedDeliverMs(props("TIMER_DELAY_MS", "soon"), NOW))
                .isInstanceOf(NumberFormatException.class);
    }
}
