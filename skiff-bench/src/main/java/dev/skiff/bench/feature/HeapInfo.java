package dev.skiff.bench.feature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use by another JVM after a full collection, read with the JDK's {@code jcmd}: first
 * {@code GC.run}, then {@code GC.heap_info}, whose first heap line reads (G1)
 * {@code garbage-first heap   total reserved 524288K, committed 524288K, used 91234K [0x...}.
 * The value is the "used" figure of that line in KiB.
 */
final class HeapInfo {
    private static final Pattern USED = Pattern.compile("\\bused\\s+(\\d+)K");
    private static final long JCMD_TIMEOUT_S = 60;

    private HeapInfo() {}

    /** Heap used after a GC of process {@code pid} in KiB, or -1 when jcmd is missing or fails. */
    static long usedAfterGcKb(long pid) {
        try {
            Path jcmd = jcmd();
            run(jcmd, pid, "GC.run");
            return usedKb(run(jcmd, pid, "GC.heap_info"));
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The "used" KiB of the first heap line of {@code GC.heap_info} output; -1 if none. */
    static long usedKb(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static Path jcmd() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path p = Path.of(java).resolveSibling("jcmd");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("no jcmd beside " + java);
        }
        return p;
    }

    private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readNBytes(1 << 20);
        if (!p.waitFor(JCMD_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish");
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
