package dev.skiff.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.junit.jupiter.api.Test;

/** Rows, statuses, buckets and the timeout classification of the controller's request counters. */
class ControllerRequestStatsTest {
    private final ManualClock clock = new ManualClock(1_000);

    @Test
    void countsByOfficialTypeAndTimesOnlyHandledRequests() {
        ControllerRequestStats stats = new ControllerRequestStats(clock);
        long start = stats.startNs();
        clock.advanceMs(4); // 4,000 µs: the 5,000 µs bucket
        stats.record(ControllerCodes.CONTROLLER_REGISTER_BROKER, OpStatus.SUCCESS, start);
        stats.record(ControllerCodes.CONTROLLER_REGISTER_BROKER, OpStatus.FAILED, start);
        stats.record(ControllerCodes.CONTROLLER_ELECT_MASTER, OpStatus.TIMEOUT, start);
        stats.record(ControllerCodes.BROKER_HEARTBEAT, OpStatus.SUCCESS, start);
        stats.record(4_242, OpStatus.SUCCESS, start);
        stats.record(77, OpStatus.SUCCESS, start);

        Map<String, long[]> rows = new LinkedHashMap<>();
        Map<String, Buckets> latency = new LinkedHashMap<>();
        stats.forEach((type, counts, buckets) -> {
            rows.put(type, counts.clone());
            latency.put(type, buckets);
        });
        assertThat(rows)
                .containsOnlyKeys(
                        "CONTROLLER_REGISTER_BROKER",
                        "CONTROLLER_ELECT_MASTER",
                        "CONTROLLER_BROKER_HEARTBEAT",
                        "OTHER");
        assertThat(rows.get("CONTROLLER_REGISTER_BROKER")).containsExactly(1, 1, 0);
        assertThat(rows.get("CONTROLLER_ELECT_MASTER")).containsExactly(0, 0, 1);
        assertThat(rows.get("OTHER")).containsExactly(2, 0, 0); // unknown codes share one row
        long[] registerBuckets = latency.get("CONTROLLER_REGISTER_BROKER").counts();
        assertThat(registerBuckets[11]).isEqualTo(1); // bound 5,000 µs
        assertThat(latency.get("CONTROLLER_REGISTER_BROKER").sum()).isEqualTo(4_000);
        assertThat(latency.get("CONTROLLER_ELECT_MASTER").counts()).containsOnly(0L); // a timeout is not timed
        assertThat(latency.get("CONTROLLER_REGISTER_BROKER").bounds()).hasSize(22);
    }

    @Test
    void raftAppendsCountEveryStatusAndTimeSuccesses() {
        RaftAppendStats appends = new RaftAppendStats(clock);
        long start = appends.startNs();
        clock.advanceMs(2);
        appends.record(OpStatus.SUCCESS, start);
        appends.record(OpStatus.TIMEOUT, start);
        assertThat(appends.count(OpStatus.SUCCESS)).isEqualTo(1);
        assertThat(appends.count(OpStatus.TIMEOUT)).isEqualTo(1);
        assertThat(appends.count(OpStatus.FAILED)).isZero();
        assertThat(appends.latencyUs().sum()).isEqualTo(2_000);
    }

    @Test
    void timeoutsAreFoundInTheCauseChain() {
        assertThat(OpStatus.of(new TimeoutIOException("slow"))).isEqualTo(OpStatus.TIMEOUT);
        assertThat(OpStatus.of(new IOException("raft", new TimeoutException()))).isEqualTo(OpStatus.TIMEOUT);
        assertThat(OpStatus.of(new IOException("raft request failed"))).isEqualTo(OpStatus.FAILED);
        assertThat(OpStatus.of(new IllegalArgumentException("bad header"))).isEqualTo(OpStatus.FAILED);
        assertThat(OpStatus.SUCCESS.label()).isEqualTo("success");
    }
}
