package dev.skiff.console;

import dev.skiff.common.SkiffClock;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code skiff console}: the web console on its own, pointed at a cluster's name servers.
 * Options: {@code --namesrv host:port[;host:port]}, {@code --listen host:port} (default
 * 127.0.0.1:8280), {@code --config FILE} (console keys, see {@code docs/console.md}), {@code
 * --write} (enables the actions). Runs until stopped.
 */
public final class ConsoleMain {
    public static final String USAGE =
            "console [--namesrv host:port[;host:port]] [--listen host:port] [--config FILE] [--write]";

    private ConsoleMain() {}

    public static int run(String[] args) throws Exception {
        ConsoleConfig config = ConsoleConfig.fromProperties(parse(args));
        ConsoleServer server = new ConsoleServer(config, SkiffClock.system());
        server.start();
        System.out.println("Skiff console at http://" + config.consoleListenHost() + ":" + server.port()
                + "/ reading " + String.join(";", config.namesrvAddr())
                + (config.consoleWriteEnabled() ? " (actions enabled)" : " (read-only)"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "console-shutdown"));
        stopped.await();
        return 0;
    }

    /** The options as console keys (a config file first, then the options over it). */
    static Properties parse(String[] args) throws IOException {
        Properties p = new Properties();
        Properties options = new Properties();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--namesrv" -> options.setProperty("namesrvAddr", value(args, ++i, "--namesrv"));
                case "--listen" -> {
                    String listen = value(args, ++i, "--listen");
                    int colon = listen.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--listen wants host:port, got '" + listen + "'");
                    }
                    options.setProperty("consoleListenHost", listen.substring(0, colon));
                    options.setProperty("consoleListenPort", listen.substring(colon + 1));
                }
                case "--config" -> {
                    try (Reader r =
                            Files.newBufferedReader(Path.of(value(args, ++i, "--config")), StandardCharsets.UTF_8)) {
                        p.load(r);
                    }
                }
                case "--write" -> options.setProperty("consoleWriteEnabled", "true");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        p.putAll(options);
        return p;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
