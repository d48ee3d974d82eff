package dev.skiff.bench.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads a process's figures from Linux {@code /proc}: CPU seconds from {@code /proc/<pid>/stat}
 * (utime + stime, fields 14 and 15, in clock ticks of 1/100 s, the fixed USER_HZ), the CPU seconds
 * of its JIT compiler threads from {@code /proc/<pid>/task/<tid>/stat} (the threads whose name,
 * field 2, starts with {@value #COMPILER_THREAD_PREFIX}: HotSpot's {@code C1 CompilerThreadN} and
 * {@code C2 CompilerThreadN}, cut to 15 characters by the kernel), and memory from {@code
 * /proc/<pid>/status} (VmRSS, RssAnon in KiB).
 */
public final class ProcStat implements BrokerProbe {
    static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    public ProcStat(long pid) {
        this.pid = pid;
    }

    /** This JVM's process (the bench harness and its load clients). */
    public static ProcStat self() {
        return new ProcStat(ProcessHandle.current().pid());
    }

    @Override
    public double cpuSeconds() {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds used so far by the JIT compiler threads that are alive now (HotSpot starts and
     * stops some of them as the queue of methods to compile grows and shrinks, so take differences
     * over short windows only), NaN when {@code /proc} cannot be read.
     */
    @Override
    public double compilerCpuSeconds() {
        Path tasks = Path.of("/proc/" + pid + "/task");
        double sum = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                if (isCompilerThread(stat)) {
                    sum += cpuSecondsOf(stat);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return sum;
    }

    static final String COMPILER_THREAD_PREFIX = "C";

    /** Whether a task's {@code stat} line is that of a JIT compiler thread ({@code C1 Compiler...}, {@code C2 Compiler...}). */
    static boolean isCompilerThread(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return false;
        }
        String name = stat.substring(open + 1, close);
        return name.length() > 3
                && name.startsWith(COMPILER_THREAD_PREFIX)
                && Character.isDigit(name.charAt(1))
                && name.startsWith(" CompilerThre", 2);
    }

    @Override
    public long residentKb() {
        return statusKb("VmRSS:");
    }

    @Override
    public long anonymousKb() {
        return statusKb("RssAnon:");
    }

    /**
     * CPU seconds from the text of a {@code stat} file. The command name (field 2) is in
     * parentheses and may contain spaces, so fields are counted after the last ')'.
     */
    static double cpuSecondsOf(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state): utime is field 14, stime field 15
        long utime = Long.parseLong(rest[14 - 3]);
        long stime = Long.parseLong(rest[15 - 3]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(
                            line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
