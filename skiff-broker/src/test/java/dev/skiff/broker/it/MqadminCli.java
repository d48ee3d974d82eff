package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs the official mqadmin commands ({@code org.apache.rocketmq.tools.command.MQAdminStartup} of
 * rocketmq-tools) as a user does: one child JVM per command, given {@code <command> -n <namesrv>
 * <options>}, with its stdout and stderr captured.
 *
 * <p>The child's class path is the jars of this test JVM's class path (read through surefire's
 * manifest-only booter jar when that is what {@code java.class.path} holds) plus a one-class jar
 * with {@link MqadminLauncher}. Only jars, so that the children can share a class-data archive
 * that the first child writes: it halves the start-up time of each later one. Every child runs
 * with a bounded time and is destroyed through its own process handle when it overstays.
 */
final class MqadminCli {
    static final long TIMEOUT_MS = 30_000;

    private final Path workDir;
    private final String java;
    private final String classPath;
    private final String namesrvAddr;
    private final List<String> jvmOptions;
    private int runs;

    private MqadminCli(Path workDir, String java, String classPath, String namesrvAddr, List<String> jvmOptions) {
        this.workDir = workDir;
        this.java = java;
        this.classPath = classPath;
        this.namesrvAddr = namesrvAddr;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The same runner, its children started with {@code options} too (e.g. {@code -Dtls.enable=true}). */
    MqadminCli withJvmOptions(String... options) {
        return new MqadminCli(workDir, java, classPath, namesrvAddr, List.of(options));
    }

    /** A runner whose children talk to {@code namesrvAddr} and keep their files under {@code workDir}. */
    static MqadminCli create(Path workDir, String namesrvAddr) throws IOException {
        Files.createDirectories(workDir.resolve("home"));
        Path launcher = writeLauncherJar(workDir.resolve("mqadmin-launcher.jar"));
        List<String> entries = new ArrayList<>();
        entries.add(launcher.toString());
        entries.addAll(testClassPathJars());
        return new MqadminCli(workDir, javaBinary(), String.join(File.pathSeparator, entries), namesrvAddr, List.of());
    }

    /** The children's working directory: relative paths they print are relative to it. */
    Path workDir() {
        return workDir;
    }

    /** What one command printed, and how it ended. */
    record Result(String command, int exitCode, String stdout, String stderr, long elapsedMs) {

        /** Fails unless the command exited 0 and printed no exception or stack trace (mqadmin prints and exits 0). */
        Result assertClean() {
            assertThat(exitCode).as("exit code of %s%n%s", command, this).isZero();
            assertThat(stdout + stderr)
                    .as("output of %s", command)
                    .doesNotContain("Exception")
                    .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
            return this;
        }

        /** The lines of stdout. */
        List<String> lines() {
            return stdout.lines().toList();
        }

        /** The stdout lines whose first whitespace-separated columns are {@code leading}, in order. */
        List<String> rows(String... leading) {
            return lines().stream()
                    .filter(line -> {
                        String[] columns = line.trim().split("\\s+");
                        return columns.length >= leading.length
                                && Arrays.asList(columns)
                                        .subList(0, leading.length)
                                        .equals(List.of(leading));
                    })
                    .toList();
        }

        /** The columns of the one stdout row that starts with {@code leading}; fails unless exactly one does. */
        String[] row(String... leading) {
            List<String> found = rows(leading);
            assertThat(found)
                    .as("rows starting with %s in %s", List.of(leading), this)
                    .hasSize(1);
            return found.get(0).trim().split("\\s+");
        }

        @Override
        public String toString() {
            return "mqadmin " + command + " (exit " + exitCode + ", " + elapsedMs + " ms)\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code mqadmin <command> -n <namesrv> <args...>} and returns what it printed. */
    Result run(String command, String... args) throws IOException, InterruptedException {
        int n = ++runs;
        Path out = workDir.resolve("run-" + n + ".out");
        Path err = workDir.resolve("run-" + n + ".err");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + workDir.resolve("mqadmin-cds.jsa"),
                "-Xlog:disable",
                "-Xlog:all=error:stderr",
                "--sun-misc-unsafe-memory-access=allow",
                "-Duser.home=" + workDir.resolve("home")));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, MqadminLauncher.class.getName(), command, "-n", namesrvAddr));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("NAMESRV_ADDR");
        builder.environment().remove("ROCKETMQ_HOME");
        long started = System.nanoTime();
        Process process = builder.start();
        boolean ended = false;
        try {
            ended = process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } finally {
            if (!ended) {
                process.destroyForcibly();
            }
        }
        if (!ended) {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String line = command + " " + String.join(" ", args);
        Result result = new Result(line.trim(), ended ? process.exitValue() : -1, read(out), read(err), elapsedMs);
        System.out.println("mqadmin " + result.command() + ": exit " + result.exitCode() + " in " + elapsedMs + " ms");
        if (!ended) {
            throw new AssertionError("mqadmin did not end within " + TIMEOUT_MS + " ms and was destroyed: " + result);
        }
        return result;
    }

    /** Runs the command and checks it ended cleanly. */
    Result runClean(String command, String... args) throws IOException, InterruptedException {
        return run(command, args).assertClean();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The jars this JVM was started with. Surefire may start tests with a manifest-only jar whose
     * {@code Class-Path} lists the real entries as URIs; those are expanded.
     */
    static List<String> testClassPathJars() throws IOException {
        Set<String> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty() || !entry.endsWith(".jar")) {
                continue;
            }
            List<String> listed = manifestClassPath(Path.of(entry));
            if (listed.isEmpty()) {
                jars.add(entry);
            } else {
                listed.stream().filter(p -> p.endsWith(".jar")).forEach(jars::add);
            }
        }
        return List.copyOf(jars);
    }

    private static List<String> manifestClassPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null || value.isBlank()) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            URI base = jar.toAbsolutePath().toUri();
            for (String item : value.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(item)).toString());
            }
            return entries;
        }
    }

    /** A jar holding only {@link MqadminLauncher}. */
    private static Path writeLauncherJar(Path jar) throws IOException {
        String entry = MqadminLauncher.class.getName().replace('.', '/') + ".class";
        try (InputStream in = MqadminLauncher.class.getClassLoader().getResourceAsStream(entry);
                OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            if (in == null) {
                throw new IOException("cannot read " + entry + " from the test class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
