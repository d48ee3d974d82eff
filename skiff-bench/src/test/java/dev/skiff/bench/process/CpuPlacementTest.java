package dev.skiff.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker's CPUs and the rest: lists checked and split, and a process really started on its set. */
@Timeout(60)
class CpuPlacementTest {

    @Test
    void theRestOfTheMachineGoesToTheLoad() {
        assertThat(CpuPlacement.split("0", 2)).isEqualTo(new CpuPlacement("0", "1"));
        assertThat(CpuPlacement.split("1", 4)).isEqualTo(new CpuPlacement("1", "0,2,3"));
        assertThat(CpuPlacement.split("0-1,3", 6)).isEqualTo(new CpuPlacement("0,1,3", "2,4,5"));
        assertThat(CpuPlacement.split("0", 2).brokerLauncher()).containsExactly("taskset", "-c", "0");
        assertThat(CpuPlacement.split("0", 2).otherLauncher()).containsExactly("taskset", "-c", "1");
    }

    @Test
    void badListsAndImpossibleSplitsAreRefused() {
        for (String bad : new String[] {"", "a", "1-0", "0,,1", "-1", "12345", "0-"}) {
            assertThatThrownBy(() -> CpuPlacement.split(bad, 2)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CpuPlacement.split("0-1", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no CPU for the load");
        assertThatThrownBy(() -> CpuPlacement.split("2", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks");
        assertThatThrownBy(() -> CpuPlacement.split("0", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 CPUs");
        assertThatThrownBy(() -> new CpuPlacement("0-1", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void aProcessStartedThroughTheLauncherRunsOnlyOnTheBrokersCpus() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs 2 CPUs");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")),
                "needs taskset");
        CpuPlacement placement = CpuPlacement.split("1", Runtime.getRuntime().availableProcessors());
        List<String> command = new ArrayList<>(placement.brokerLauncher());
        command.addAll(List.of("sleep", "30"));
        Process p = new ProcessBuilder(command).start();
        try {
            Path proc = Path.of("/proc/" + p.pid());
            // the launcher execs the program in place: the PID is the program's, its CPUs the broker's
            String seen = dev.skiff.remoting.testing.Await.answer(
                    "the launched program and its CPU list",
                    java.time.Duration.ofSeconds(10),
                    () -> Files.readString(proc.resolve("comm")).strip() + "|"
                            + Files.readAllLines(proc.resolve("status")).stream()
                                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                                    .findFirst()
                                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                                    .orElse(""),
                    s -> s.startsWith("sleep|"));
            assertThat(seen).isEqualTo("sleep|1");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
