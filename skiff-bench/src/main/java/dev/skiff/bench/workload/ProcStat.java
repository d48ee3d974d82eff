package dev.skiff.bench.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's figures from Linux {@code /proc}: CPU seconds from {@code /proc/<pid>/stat}
 * (utime + stime, fields 14 and 15, in clock ticks of 1/100 s, the fixed USER_HZ) and memory from
 * {@code /proc/<pid>/status} (VmRSS, RssAnon in KiB).
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
