package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code skiff} command ({@link SkiffMain}) in a child JVM with its output in a file. */
final class ChildSkiff {
    private ChildSkiff() {}

    /** Starts {@code SkiffMain args} with {@code -Xmx<heapMb>m}; stdout and stderr go to {@code output}. */
    static Process start(Path logDir, Path output, int heapMb, String... args) throws IOException {
        return start(List.of(), SkiffMain.class, logDir, output, heapMb, args);
    }

    /**
     * Starts {@code main args} in a JVM with this test's class path, behind {@code prefix} (e.g.
     * {@code ip netns exec NS}, which execs: the process is still the JVM).
     */
    static Process start(List<String> prefix, Class<?> main, Path logDir, Path output, int heapMb, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heapMb + "m");
        command.add("-Dskiff.log.dir=" + logDir);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return ChildReaper.track(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start());
    }

    /** The arguments of {@code skiff standalone} with its data folder, ports and broker config file. */
    static String[] standaloneArgs(Path data, int namesrvPort, int brokerPort, Path brokerConfig) {
        return new String[] {
            "standalone",
            "--data",
            data.toString(),
            "--namesrv-port",
            Integer.toString(namesrvPort),
            "--broker-port",
            Integer.toString(brokerPort),
            "--config",
            brokerConfig.toString()
        };
    }

    static String read(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    /** Waits until {@code output} contains {@code text}; fails at once if the process ends first. */
    static void awaitOutput(Process process, Path output, String text, int seconds) throws Exception {
        // woken by each write to the output
        boolean shown = Await.fileShows(output, Duration.ofSeconds(seconds), () -> {
            if (read(output).contains(text)) {
                return true;
            }
            assertThat(process.isAlive())
                    .as("process alive; output so far: %s", read(output))
                    .isTrue();
            return false;
        });
        if (shown) {
            return;
        }
        throw new AssertionError("no '" + text + "' within " + seconds + " s; output: " + read(output));
    }

    /** Sends {@code sig} ({@code -STOP}, {@code -CONT}, ...) to a process this test started, by pid. */
    static void signal(Process process, String sig) throws Exception {
        long pid = process.pid();
        Process k = new ProcessBuilder("kill", sig, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        org.assertj.core.api.Assertions.assertThat(k.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(k.exitValue())
                .as("kill %s %d", sig, pid)
                .isZero();
    }

    static int freePort() throws IOException {
        return dev.skiff.remoting.testing.TestPorts.free();
    }
}
