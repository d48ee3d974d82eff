package dev.skiff.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Skiff source checkout the benchmarks run from: where the built jars and the wrapper are. */
public final class Checkout {
    private final Path root;

    private Checkout(Path root) {
        this.root = root;
    }

    /**
     * The checkout named by the {@code skiff.home} system property (set by {@code bin/skiff}), else
     * found by walking up from the working directory to the folder with {@code mvnw}.
     */
    public static Checkout locate() {
        String home = System.getProperty("skiff.home");
        if (home != null && Files.isRegularFile(Path.of(home, "mvnw"))) {
            return new Checkout(Path.of(home).toAbsolutePath());
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("skiff-bench"))) {
                return new Checkout(p);
            }
        }
        throw new IllegalStateException("run from inside the Skiff checkout (no mvnw found above " + dir + ")");
    }

    public Path root() {
        return root;
    }

    /** The classpath of Skiff's distribution, built by {@code ./mvnw package -pl skiff-dist -am}. */
    public String skiffClasspath() {
        Path lib = root.resolve("skiff-dist/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(
                    "no " + lib + ": build it first with ./mvnw -B -DskipTests package -pl skiff-dist -am");
        }
        return lib + "/*";
    }

    /** The logback configuration the distribution ships. */
    public Path skiffLogbackConfig() {
        return root.resolve("skiff-dist/src/main/conf/logback.xml");
    }

    /**
     * The classpath of the official Apache RocketMQ servers, resolved from Maven Central through
     * {@code skiff-bench/apache-rocketmq/pom.xml} on first use.
     */
    public String apacheClasspath() throws IOException, InterruptedException {
        Path pom = root.resolve("skiff-bench/apache-rocketmq/pom.xml");
        Path out = root.resolve("skiff-bench/apache-rocketmq/target/classpath.txt");
        if (!Files.isRegularFile(out)) {
            Process mvn = new ProcessBuilder(List.of(
                            root.resolve("mvnw").toString(),
                            "-q",
                            "-B",
                            "-f",
                            pom.toString(),
                            "dependency:build-classpath",
                            "-Dmdep.outputFile=" + out))
                    .directory(root.toFile())
                    .inheritIO()
                    .start();
            if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
                mvn.destroyForcibly();
                throw new IOException("resolving Apache RocketMQ's classpath failed");
            }
        }
        return Files.readString(out).trim();
    }
}
