package dev.skiff.broker;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry: {@code broker [--namesrv a:9876;b:9876] [--config FILE] [--listen
 * host:port] [--data DIR]}. The config file is Java properties with the keys of {@link
 * BrokerConfig} (official {@code broker.conf} names where they exist); the options override it,
 * and keys changed at run time before override both (see {@link
 * dev.skiff.broker.config.RuntimeConfigFile}).
 * Runs until SIGTERM or Ctrl-C, then unregisters and stops cleanly.
 */
public final class BrokerMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);
    static final String USAGE =
            "usage: broker [--namesrv host:port;host:port] [--config FILE] [--listen host:port]" + " [--data DIR]";

    private BrokerMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** @return 0 after a clean stop, 2 for bad arguments or config, 1 when it cannot start */
    public static int run(String[] args) {
        Properties props;
        BrokerConfig config;
        try {
            props = parse(args);
            if (props == null) {
                System.out.println(USAGE);
                return 0;
            }
            config = BrokerConfig.fromProperties(props);
        } catch (IllegalArgumentException e) {
            System.err.println("broker: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (config.namesrvAddr().isEmpty()) {
            System.err.println("broker: no name server given (--namesrv or namesrvAddr in the config file)");
            return 2;
        }
        BrokerServer broker = new BrokerServer(config, props.stringPropertyNames(), SkiffClock.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    log.info("stop requested");
                    broker.close();
                    stopped.countDown();
                },
                "broker-shutdown");
        try {
            broker.start();
            System.out.println("skiff broker " + config.brokerName() + " serving at " + broker.address()
                    + ", registered with " + String.join(";", config.namesrvAddr()));
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return 0;
        } catch (IOException | RuntimeException e) {
            log.error("broker failed to start", e);
            System.err.println("broker: cannot start: " + e.getMessage());
            broker.close();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            return 0;
        }
    }

    /** Parses the arguments into broker config properties; null means help was asked for. */
    static Properties parse(String[] args) {
        Properties props = new Properties();
        Properties overrides = new Properties();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--namesrv", "-n" -> overrides.setProperty("namesrvAddr", value(args, ++i, args[i - 1]));
                case "--config", "-c" -> load(Path.of(value(args, ++i, "--config")), props);
                case "--data" -> overrides.setProperty("storePathRootDir", value(args, ++i, "--data"));
                case "--listen" -> {
                    String listen = value(args, ++i, "--listen");
                    int colon = listen.lastIndexOf(':');
                    if (colon <= 0 || colon == listen.length() - 1) {
                        throw new IllegalArgumentException("--listen wants host:port, got '" + listen + "'");
                    }
                    overrides.setProperty("listenHost", listen.substring(0, colon));
                    overrides.setProperty("listenPort", listen.substring(colon + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        props.putAll(overrides);
        return props;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** Loads a properties file into {@code props}. */
    public static void load(Path file, Properties props) {
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
    }
}
