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

    @Test
    void compilerThreadsAreTheC1AndC2Threads() {
        assertThat(ProcStat.isCompilerThread("17 (C2 CompilerThre) S 1 2 3 0 -1 0 0 0 0 0 250 3 0 0"))
                .isTrue();
        assertThat(ProcStat.isCompilerThread("18 (C1 CompilerThre) S 1 2 3 0 -1 0 0 0 0 0 40 1 0 0"))
                .isTrue();
        assertThat(ProcStat.isCompilerThread("19 (skiff-server-io) S 1 2 3 0 -1 0 0 0 0 0 900 80 0 0"))
                .isFalse();
        assertThat(ProcStat.isCompilerThread("20 (Common-Cleaner) S 1 2 3 0 -1 0 0 0 0 0 1 1 0 0"))
                .isFalse();
        assertThat(ProcStat.isCompilerThread("21 (CX) S")).isFalse();
        assertThat(ProcStat.isCompilerThread("no parentheses")).isFalse();
    }

    @Test
    void readsTheCompilerThreadsOfThisJvm() {
        ProcStat self = ProcStat.self();
        double compiler = self.compilerCpuSeconds();
        // this JVM has compiled the test framework by now, and its compilers are part of its CPU
        assertThat(compiler).isNotNaN().isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(self.cpuSeconds());
        assertThat(new ProcStat(Long.MAX_VALUE).compilerCpuSeconds()).isNaN();
    }
}
