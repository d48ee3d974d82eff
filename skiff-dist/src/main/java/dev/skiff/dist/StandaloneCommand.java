package dev.skiff.dist;

import dev.skiff.broker.BrokerMain;
import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code skiff standalone}: a name server and a broker in one process, data under {@code ./data}
 * (or {@code --data DIR}), both on loopback unless {@code --host} says otherwise. Prints the
 * address clients should use and stops cleanly on Ctrl-C or SIGTERM: the broker unregisters and
 * flushes, then the name server stops.
 *
 * <p>Options: {@code --data DIR}, {@code --host HOST} (bind and advertise; default 127.0.0.1),
 * {@code --namesrv-port N} (9876), {@code --broker-port N} (10911), {@code --config FILE} (broker
 * keys, see {@link BrokerConfig}). Keys changed at run time before (kept in {@code
 * DIR/broker/config/broker-runtime.properties}) win over the config file.
 */
final class StandaloneCommand {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);
    static final String USAGE =
            "standalone [--data DIR] [--host HOST] [--namesrv-port N] [--broker-port N]" + " [--config FILE]";

    private StandaloneCommand() {}

    /** What the options asked for. */
    record Options(Path data, String host, int namesrvPort, int brokerPort, Properties brokerProps) {}

    static int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("standalone: " + e.getMessage());
            System.err.println("usage: skiff " + USAGE);
            return 2;
        }
        if (options == null) {
            System.out.println("usage: skiff " + USAGE);
            return 0;
        }
        NamesrvConfig namesrvConfig;
        Properties brokerProps = new Properties();
        try {
            namesrvConfig = NamesrvConfig.defaults()
                    .withListen(options.host(), options.namesrvPort())
                    .withHomeDir(options.data().resolve("namesrv"));
            brokerProps.setProperty("listenHost", options.host());
            brokerProps.setProperty("listenPort", Integer.toString(options.brokerPort()));
            brokerProps.setProperty(
                    "storePathRootDir", options.data().resolve("broker").toString());
            if (!options.host().equals("0.0.0.0")) {
                brokerProps.setProperty("brokerIP1", options.host());
            }
            brokerProps.putAll(options.brokerProps());
            BrokerConfig.fromProperties(brokerProps); // validate before anything starts
        } catch (IllegalArgumentException e) {
            System.err.println("standalone: " + e.getMessage());
            return 2;
        }
        return serve(namesrvConfig, brokerProps, options.brokerProps().stringPropertyNames(), System.out);
    }

    private static int serve(
            NamesrvConfig namesrvConfig, Properties brokerProps, Set<String> fileKeys, PrintStream out) {
        NamesrvServer namesrv = new NamesrvServer(namesrvConfig, SkiffClock.system());
        BrokerServer[] broker = new BrokerServer[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    log.info("stop requested");
                    stopAll(broker[0], namesrv);
                    stopped.countDown();
                },
                "standalone-shutdown");
        try {
            namesrv.start();
            brokerProps.setProperty("namesrvAddr", namesrv.address());
            BrokerConfig brokerConfig = BrokerConfig.fromProperties(brokerProps);
            broker[0] = new BrokerServer(brokerConfig, fileKeys, SkiffClock.system());
            broker[0].start();
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Skiff standalone is ready. Clients use namesrvAddr=" + namesrv.address());
            out.println("  broker " + brokerConfig.brokerName() + " at " + broker[0].address() + ", data in "
                    + brokerConfig.storePathRootDir().toAbsolutePath().getParent());
            out.println("  stop with Ctrl-C");
            stopped.await();
            return 0;
        } catch (Exception e) {
            log.error("standalone failed to start", e);
            System.err.println("standalone: cannot start: " + e);
            stopAll(broker[0], namesrv);
            return 1;
        }
    }

    private static void stopAll(BrokerServer broker, NamesrvServer namesrv) {
        if (broker != null) {
            broker.close();
        }
        namesrv.close();
    }

    /** Parses the arguments; null means help was asked for. */
    static Options parse(String[] args) {
        Path data = Path.of("data");
        String host = "127.0.0.1";
        int namesrvPort = 9876;
        int brokerPort = 10911;
        Properties props = new Properties();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--namesrv-port" -> namesrvPort = port(value(args, ++i, "--namesrv-port"), "--namesrv-port");
                case "--broker-port" -> brokerPort = port(value(args, ++i, "--broker-port"), "--broker-port");
                case "--config" -> BrokerMain.load(Path.of(value(args, ++i, "--config")), props);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new Options(data, host, namesrvPort, brokerPort, props);
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a port 0..65535, got '" + text + "'");
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
