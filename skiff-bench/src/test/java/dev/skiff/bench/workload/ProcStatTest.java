package dev.skiff.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void cpuIsUtimePlusStimeInHundredthsCountedAfterTheCommandName() {
        // field 2 holds spaces and a ')' to make sure fields are counted after the last ')'
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 50 0 100 0";
        assertThat(ProcStat.cpuSecondsOf(stat)).isEqualTo(18.0);
        assertThatThrownBy(() -> ProcStat.cpuSecondsOf("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcess() {
        ProcStat self = new ProcStat(ProcessHandle.current().pid());
        assertThat(self.cpuSeconds()).isPositive();
        assertThat(self.residentKb()).isPositive();
        assertThat(self.anonymousKb()).isPositive().isLessThanOrEqualTo(self.residentKb());
        assertThat(new ProcStat(Long.MAX_VALUE).cpuSeconds()).isNaN();
    }
}
