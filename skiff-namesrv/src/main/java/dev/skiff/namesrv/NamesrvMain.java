package dev.skiff.namesrv;

import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry: {@code namesrv [--listen host:port] [--data DIR] [--config FILE]}. The config file is
 * Java properties with the keys of {@link NamesrvConfig}; {@code --listen} overrides
 * {@code listenHost}/{@code listenPort}, {@code --data} overrides {@code homeDir} (where the name server keeps {@code
 * kvConfig.json}). Runs until SIGTERM or Ctrl-C, then stops cleanly.
 */
public final class NamesrvMain {
    private static final Logger log = LoggerFactory.getLogger(NamesrvMain.class);
    static final String USAGE = "usage: namesrv [--listen host:port] [--data DIR] [--config FILE]";

    private NamesrvMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Starts a name server and blocks until the JVM is asked to stop.
     *
     * @return 0 after a clean stop, 2 for bad arguments or config, 1 when it cannot start
     */
    public static int run(String[] args) {
        NamesrvConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("namesrv: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (config == null) {
            System.out.println(USAGE);
            return 0;
        }
        NamesrvServer server = new NamesrvServer(config, SkiffClock.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    log.info("stop requested");
                    server.close();
                    stopped.countDown();
                },
                "namesrv-shutdown");
        try {
            server.start();
            printReady(System.out, server);
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return 0;
        } catch (IOException | RuntimeException e) {
            log.error("name server failed to start", e);
            System.err.println("namesrv: cannot start: " + e.getMessage());
            server.close();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            return 0;
        }
    }

    private static void printReady(PrintStream out, NamesrvServer server) {
        out.println(
                "skiff name server listening on " + server.localAddress() + " (namesrvAddr " + server.address() + ")");
    }

    /** Parses the arguments; null means help was asked for. */
    static NamesrvConfig parse(String[] args) {
        Properties props = new Properties();
        String listen = null;
        String data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--listen" -> listen = value(args, ++i, "--listen");
                case "--data" -> data = value(args, ++i, "--data");
                case "--config" -> load(Path.of(value(args, ++i, "--config")), props);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0 || colon == listen.length() - 1) {
                throw new IllegalArgumentException("--listen wants host:port, got '" + listen + "'");
            }
            props.setProperty("listenHost", listen.substring(0, colon));
            props.setProperty("listenPort", listen.substring(colon + 1));
        }
        if (data != null) {
            props.setProperty("homeDir", data);
        }
        return NamesrvConfig.fromProperties(props);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void load(Path file, Properties props) {
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
    }
}
