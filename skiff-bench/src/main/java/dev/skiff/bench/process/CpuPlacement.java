package dev.skiff.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which CPUs the broker JVMs run on and which everything else of a run uses (the name server and
 * the load JVM), through Linux {@code taskset}: the broker's on its own cores, the load generator on
 * the rest, so that the two do not take time from each other. A JVM started on a CPU set sizes its
 * thread pools and GC for that set, as on a machine of that size.
 *
 * @param brokerCpus the broker's CPUs, a {@code taskset} list such as {@code 0} or {@code 0-1}
 * @param otherCpus every other CPU this machine offers
 */
public record CpuPlacement(String brokerCpus, String otherCpus) {
    private static final int CPUS_MAX = 4096;
    private static final long TASKSET_TIMEOUT_S = 10;

    public CpuPlacement {
        if (parse(brokerCpus).isEmpty() || parse(otherCpus).isEmpty()) {
            throw new IllegalArgumentException("both CPU sets must be non-empty: " + brokerCpus + " / " + otherCpus);
        }
        if (parse(brokerCpus).intersects(parse(otherCpus))) {
            throw new IllegalArgumentException("the CPU sets overlap: " + brokerCpus + " / " + otherCpus);
        }
    }

    /** The broker on {@code brokerCpus}, the rest of CPUs {@code 0..cpus-1} for everything else. */
    public static CpuPlacement split(String brokerCpus, int cpus) {
        if (cpus < 2 || cpus > CPUS_MAX) {
            throw new IllegalArgumentException(
                    "placing the broker apart needs at least 2 CPUs; this machine has " + cpus);
        }
        BitSet broker = parse(brokerCpus);
        if (broker.length() > cpus) {
            throw new IllegalArgumentException(
                    "--broker-cpus " + brokerCpus + " names a CPU this machine lacks (CPUs 0-" + (cpus - 1) + ")");
        }
        BitSet other = new BitSet();
        other.set(0, cpus);
        other.andNot(broker);
        if (other.isEmpty()) {
            throw new IllegalArgumentException("--broker-cpus " + brokerCpus + " leaves no CPU for the load");
        }
        return new CpuPlacement(format(broker), format(other));
    }

    /** The command prefix that starts a broker JVM on its CPUs. */
    public List<String> brokerLauncher() {
        return List.of("taskset", "-c", brokerCpus);
    }

    /** The command prefix that starts any other server JVM (a name server) on the other CPUs. */
    public List<String> otherLauncher() {
        return List.of("taskset", "-c", otherCpus);
    }

    /** Moves every thread of this JVM onto the other CPUs; threads it starts later inherit them. */
    public void placeThisProcess() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", otherCpus, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readNBytes(64 << 10);
        if (!p.waitFor(TASKSET_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("taskset did not finish within " + TASKSET_TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("taskset -a -p -c " + otherCpus + " " + pid + " failed (exit " + p.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
    }

    /** A {@code taskset} CPU list ({@code 0}, {@code 0-2}, {@code 0,3}) as a set; malformed lists are refused. */
    static BitSet parse(String list) {
        if (list == null || !list.matches("[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*")) {
            throw new IllegalArgumentException("a CPU list like 0, 0-1 or 0,2 is needed: " + list);
        }
        BitSet set = new BitSet();
        for (String part : list.split(",")) {
            String[] ends = part.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length == 1 ? from : Integer.parseInt(ends[1]);
            if (from > to || to >= CPUS_MAX) {
                throw new IllegalArgumentException("bad CPU range " + part + " in " + list);
            }
            set.set(from, to + 1);
        }
        return set;
    }

    static String format(BitSet set) {
        StringBuilder b = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(i);
        }
        return b.toString();
    }
}
