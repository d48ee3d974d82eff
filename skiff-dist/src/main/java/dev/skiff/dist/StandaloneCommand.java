package dev.skiff.dist;

import dev.skiff.auth.AuthSettings;
import dev.skiff.broker.BrokerMain;
import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.config.ConfigKey;
import dev.skiff.console.ConsoleServer;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.TlsOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code skiff standalone}: a name server and a broker in one process, data under {@code ./data}
 * (or {@code --data DIR}), both on loopback unless {@code --host} says otherwise. Prints the
 * address clients should use and stops cleanly on Ctrl-C or SIGTERM: the broker unregisters and
 * flushes, then the name server stops. A read-only web console runs beside them on loopback
 * ({@link StandaloneConsole}).
 *
 * <p>Options: {@code --data DIR}, {@code --host HOST} (bind and advertise; default 127.0.0.1),
 * {@code --namesrv-port N} (9876), {@code --broker-port N} (10911), {@code --config FILE} (broker
 * keys, see {@link BrokerConfig}; its {@code tls.server.*} keys apply to the name server as well). Keys changed at run time before (kept in {@code
 * DIR/broker/config/broker-runtime.properties}) win over the config file.
 *
 * <p>{@code --replicas N} (0..{@value #REPLICAS_MAX}) starts a broker group instead of one broker:
 * a master ({@code brokerRole=SYNC_MASTER}, id 0) and N slaves ({@code SLAVE}, ids 1..N), each a
 * broker of its own in this process, broker {@code i} on {@code broker-port + 10*i} with data in
 * {@code DIR/<brokerName>-<i>}. Meant for trying replication on one machine.
 */
final class StandaloneCommand {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);
    static final String USAGE = "standalone [--data DIR] [--host HOST] [--namesrv-port N] [--broker-port N]"
            + " [--config FILE]" + " [--replicas N]";
    /** Where standalone's metrics endpoints bind: loopback only. */
    static final String METRICS_HOST = "127.0.0.1";
    /** The broker's metrics port in standalone (the official default). */
    static final int BROKER_METRICS_PORT = 5557;
    /** The name server's metrics port in standalone. */
    static final int NAMESRV_METRICS_PORT = 5556;
    /** Most slaves {@code --replicas} starts. */
    static final int REPLICAS_MAX = 8;
    /** Port distance between the brokers of a replicated standalone (room for the HA port). */
    static final int PORT_STEP = 10;

    private StandaloneCommand() {}

    /** What the options asked for. */
    record Options(Path data, String host, int namesrvPort, int brokerPort, Properties brokerProps, int replicas) {}

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
        List<Properties> brokers;
        try {
            namesrvConfig = NamesrvConfig.defaults()
                    .withListen(options.host(), options.namesrvPort())
                    .withHomeDir(options.data().resolve("namesrv"))
                    .with(namesrvMetrics(options))
                    .with(AuthSettings.sharedKeys(options.brokerProps())) // one auth setting for both
                    .with(namesrvTls(options));
            brokers = brokerProps(options);
        } catch (IllegalArgumentException e) {
            System.err.println("standalone: " + e.getMessage());
            return 2;
        }
        return serve(namesrvConfig, brokers, options.brokerProps().stringPropertyNames(), System.out);
    }

    /** The config file's {@code tls.server.*} keys (and test mode, config file) apply to the name server too. */
    static Properties namesrvTls(Options options) {
        Properties p = new Properties();
        for (ConfigKey<?> key : TlsOptions.SERVER_KEYS) {
            String value = options.brokerProps().getProperty(key.name());
            if (value != null) {
                p.setProperty(key.name(), value);
            }
        }
        return p;
    }

    /**
     * Metrics on by default, on loopback: the name server's on {@value #NAMESRV_METRICS_PORT}, or
     * a free port when the name server's is chosen freely.
     */
    static Properties namesrvMetrics(Options options) {
        Properties p = new Properties();
        p.setProperty("metricsExporterType", "PROM");
        p.setProperty("metricsPromExporterHost", METRICS_HOST);
        p.setProperty(
                "metricsPromExporterPort", Integer.toString(options.namesrvPort() == 0 ? 0 : NAMESRV_METRICS_PORT));
        return p;
    }

    /**
     * The properties of each broker to start, master first; validated. Metrics are on by default
     * on loopback ({@value #BROKER_METRICS_PORT}, plus the broker id with replicas; a free port
     * when the broker's is chosen freely); the config file can change or switch them off.
     */
    static List<Properties> brokerProps(Options options) {
        List<Properties> brokers = new ArrayList<>();
        for (int i = 0; i <= options.replicas(); i++) {
            Properties p = new Properties();
            p.setProperty("listenHost", options.host());
            if (!options.host().equals("0.0.0.0")) {
                p.setProperty("brokerIP1", options.host());
            }
            p.setProperty("metricsExporterType", "PROM");
            p.setProperty("metricsPromExporterHost", METRICS_HOST);
            p.setProperty(
                    "metricsPromExporterPort",
                    Integer.toString(options.brokerPort() == 0 ? 0 : BROKER_METRICS_PORT + i));
            p.putAll(options.brokerProps());
            if (options.replicas() == 0) {
                p.setProperty("listenPort", Integer.toString(options.brokerPort()));
                p.setProperty(
                        "storePathRootDir", options.data().resolve("broker").toString());
            } else {
                String name = BrokerConfig.fromProperties(p).brokerName();
                int port = options.brokerPort() == 0 ? 0 : options.brokerPort() + PORT_STEP * i;
                if (port > 65_535) {
                    throw new IllegalArgumentException(
                            "--broker-port too high for " + options.replicas() + " replicas");
                }
                p.setProperty("listenPort", Integer.toString(port));
                p.setProperty(
                        "storePathRootDir",
                        options.data().resolve(name + "-" + i).toString());
                p.setProperty("brokerId", Integer.toString(i));
                p.setProperty("brokerRole", i == 0 ? "SYNC_MASTER" : "SLAVE");
            }
            BrokerConfig.fromProperties(p); // validate before anything starts
            brokers.add(p);
        }
        return brokers;
    }

    private static int serve(
            NamesrvConfig namesrvConfig, List<Properties> brokerProps, Set<String> fileKeys, PrintStream out) {
        NamesrvServer namesrv = new NamesrvServer(namesrvConfig, SkiffClock.system());
        List<BrokerServer> brokers = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<ConsoleServer> console = new AtomicReference<>();
        Thread hook = new Thread(
                () -> {
                    log.info("stop requested");
                    if (console.get() != null) {
                        console.get().close();
                    }
                    stopAll(brokers, namesrv);
                    stopped.countDown();
                },
                "standalone-shutdown");
        try {
            namesrv.start();
            for (Properties p : brokerProps) {
                p.setProperty("namesrvAddr", namesrv.address());
                BrokerServer broker = new BrokerServer(BrokerConfig.fromProperties(p), fileKeys, SkiffClock.system());
                brokers.add(broker);
                broker.start();
            }
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Skiff standalone is ready. Clients use namesrvAddr=" + namesrv.address());
            if (namesrv.metrics() != null) {
                out.println("  name server metrics at http://" + METRICS_HOST + ":"
                        + namesrv.metrics().port() + "/metrics");
            }
            for (BrokerServer broker : brokers) {
                BrokerConfig c = broker.config();
                out.println("  broker " + c.brokerName() + " id " + c.brokerId() + " (" + c.brokerRole() + ") at "
                        + broker.address() + ", data in "
                        + c.storePathRootDir().toAbsolutePath()
                        + (broker.metrics().port() >= 0
                                ? ", metrics at http://" + METRICS_HOST + ":"
                                        + broker.metrics().port() + "/metrics"
                                : ""));
            }
            console.set(StandaloneConsole.start(namesrv.address(), namesrvConfig.listenPort() == 0, out));
            out.println("  stop with Ctrl-C");
            stopped.await();
            return 0;
        } catch (Exception e) {
            log.error("standalone failed to start", e);
            System.err.println("standalone: cannot start: " + e);
            stopAll(brokers, namesrv);
            return 1;
        }
    }

    /** Stops the slaves first, then the master, then the name server. */
    private static void stopAll(List<BrokerServer> brokers, NamesrvServer namesrv) {
        for (int i = brokers.size() - 1; i >= 0; i--) {
            brokers.get(i).close();
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
        int replicas = 0;
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
                case "--replicas" -> replicas = replicas(value(args, ++i, "--replicas"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new Options(data, host, namesrvPort, brokerPort, props, replicas);
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

    private static int replicas(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0 || n > REPLICAS_MAX) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replicas wants 0.." + REPLICAS_MAX + ", got '" + text + "'");
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
