package dev.skiff.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BrokerStatsTest {
    private static final long MIDNIGHT_MS =
            LocalDateTime.of(2024, 5, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    @Test
    void ratesComeFromOnceASecondSamples() {
        ManualClock clock = new ManualClock(MIDNIGHT_MS + 3_600_000);
        BrokerStats stats = new BrokerStats(clock, ZoneOffset.UTC);
        assertThat(stats.putTps()).isEqualTo("0.00 0.00 0.00");
        stats.sample();
        for (int second = 0; second < 60; second++) {
            clock.advanceMs(1_000);
            for (int i = 0; i < (second < 50 ? 10 : 40); i++) {
                stats.countPut("T", 100);
            }
            stats.countGot("T", "g", 5, 500);
            stats.sample();
        }
        // last 10 s at 40/s; last minute: 50 s at 10/s and 10 s at 40/s = 900 / 60 = 15/s
        assertThat(stats.putTps()).isEqualTo("40.00 15.00 15.00");
        assertThat(stats.getTps()).isEqualTo("5.00 5.00 5.00");
        assertThat(stats.putTotal()).isEqualTo(900);
        assertThat(stats.getTotal()).isEqualTo(300);
    }

    @Test
    void dayTotalsRollOverAtMidnight() {
        ManualClock clock = new ManualClock(MIDNIGHT_MS + 23 * 3_600_000L);
        BrokerStats stats = new BrokerStats(clock, ZoneOffset.UTC);
        for (int i = 0; i < 7; i++) {
            stats.countPut("T", 100);
        }
        stats.sample();
        assertThat(stats.putTotalTodayMorning()).isZero();
        clock.advanceMs(2 * 3_600_000L); // next day, 01:00
        stats.countPut("T", 100);
        stats.sample();
        assertThat(stats.putTotalTodayMorning()).isEqualTo(8);
        assertThat(stats.putTotalYesterdayMorning()).isZero();
        clock.advanceMs(24 * 3_600_000L);
        stats.countPut("T", 100);
        stats.sample();
        assertThat(stats.putTotalTodayMorning()).isEqualTo(9);
        assertThat(stats.putTotalYesterdayMorning()).isEqualTo(8);
        clock.advanceMs(5 * 24 * 3_600_000L); // days without samples: yesterday's morning unknown → today's
        stats.sample();
        assertThat(stats.putTotalYesterdayMorning()).isEqualTo(9);
    }

    @Test
    void perKeyStatisticsAnswerByOfficialNameAndForgetDeletedTopicsAndGroups() {
        ManualClock clock = new ManualClock(MIDNIGHT_MS);
        BrokerStats stats = new BrokerStats(clock, ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            stats.countPut("T", 100);
        }
        stats.countGot("T", "g", 2, 200);
        stats.countGot("T", "g", 2, 200);
        stats.countGot("U", "g", 6, 60);
        clock.advanceMs(2_000);
        stats.sample();

        assertThat(stats.statsData("TOPIC_PUT_NUMS", "T").minute().sum()).isEqualTo(3);
        assertThat(stats.statsData("TOPIC_PUT_SIZE", "T").day().sum()).isEqualTo(300);
        assertThat(stats.statsData("GROUP_GET_NUMS", "T@g").minute()).isEqualTo(new KeyedStats.Window(4, 2, 2));
        assertThat(stats.statsData("GROUP_GET_SIZE", "T@g").hour().sum()).isEqualTo(400);
        assertThat(stats.statsData("GROUP_GET_NUMS", "T")).isNull();
        assertThat(stats.statsData("TOPIC_PUT_NUMS", "T@g")).isNull();
        assertThat(stats.statsData("SNDBCK_PUT_NUMS", "T@g")).isNull();
        assertThat(stats.consumeTps("g", "T")).isEqualTo(2.0);
        assertThat(stats.consumeTps("g", "U")).isEqualTo(3.0);
        assertThat(stats.consumeTps("other", "T")).isZero();
        assertThat(stats.getTotal()).isEqualTo(10);

        stats.onGroupDeleted("g");
        assertThat(stats.statsData("GROUP_GET_NUMS", "T@g")).isNull();
        assertThat(stats.statsData("TOPIC_PUT_NUMS", "T")).isNotNull();
        stats.countGot("T", "g", 1, 10);
        stats.onTopicDeleted("T");
        assertThat(stats.statsData("TOPIC_PUT_NUMS", "T")).isNull();
        assertThat(stats.statsData("GROUP_GET_NUMS", "T@g")).isNull();
        assertThat(stats.getTotal()).as("broker-wide totals stay").isEqualTo(11);
    }
}
