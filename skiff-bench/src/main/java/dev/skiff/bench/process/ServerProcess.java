package dev.skiff.bench.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server running in a child JVM that this process started. It is stopped by its own PID only:
 * SIGTERM first, SIGKILL after a bounded wait.
 */
public final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final long startNs;
    private final Path logFile;
    private long readyNs = -1;

    private ServerProcess(String name, Process process, int port, long startNs, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.startNs = startNs;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} with {@code classpath}, through {@code launcher} (a command prefix
     * that execs the JVM, such as {@code taskset -c 0}, so that the PID is the JVM's; empty for
     * none), and waits until it accepts connections on {@code port} (127.0.0.1) or {@code
     * startTimeout} passes.
     */
    public static ServerProcess start(
            List<String> launcher,
            String name,
            String classpath,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            int port,
            Path workDir,
            Duration startTimeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Path log = workDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long startNs = System.nanoTime();
        ServerProcess server = new ServerProcess(name, builder.start(), port, startNs, log);
        server.awaitPort(startTimeout);
        return server;
    }

    /** A free port on 127.0.0.1 at the time of the call. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with " + process.exitValue() + " before listening; see " + logFile);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                readyNs = System.nanoTime();
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        close();
        throw new IOException(name + " did not listen on port " + port + " within " + timeout + "; see " + logFile);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startNanos() {
        return startNs;
    }

    /** Milliseconds from process start until the port accepted a connection. */
    public double startupMs() {
        return (readyNs - startNs) / 1e6;
    }

    /** Resident set size in KiB from /proc, or -1 where unavailable. */
    public long residentKb() {
        return statusKb("VmRSS:");
    }

    /**
     * Private (anonymous) resident memory in KiB: heap, stacks, direct buffers; without the page
     * cache of memory-mapped files, which {@link #residentKb()} counts. -1 where unavailable.
     */
    public long anonymousKb() {
        return statusKb("RssAnon:");
    }

    private long statusKb(String key) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time the process has used, in seconds, or -1 where unavailable. */
    public double cpuSeconds() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(-1.0);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
