package dev.skiff.controller;

import dev.skiff.auth.AuthOptions;
import dev.skiff.auth.AuthSettings;
import dev.skiff.auth.sign.Credentials;
import dev.skiff.common.SkiffClock;
import dev.skiff.controller.metrics.ControllerMetrics;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerSecurity;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.controller.server.ControllerTuning;
import dev.skiff.remoting.TlsOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code skiff controller --id ID --listen HOST:PORT --peers ID=HOST:RAFTPORT,... --data DIR
 * [--config FILE] [--heartbeat-timeout-ms MS] [--unclean] [--metrics HOST:PORT] [--tls-config FILE] [--raft-tls]
 * [--auth-config FILE]}: one controller peer. {@code --config} is a properties file of the tunable
 * keys ({@link ControllerTuning}, docs/configuration.md); {@code --heartbeat-timeout-ms} and {@code
 * --unclean} given on the command line win over it. {@code --listen} is the remoting address brokers and mqadmin use; {@code --peers} are the
 * Raft addresses of every peer (this one included); {@code --metrics} serves Prometheus metrics at
 * {@code /metrics} ({@link ControllerMetrics}); {@code --tls-config} a properties file of the
 * official {@code tls.*} keys ({@code tls.server.mode}, {@code tls.server.certPath}, {@code
 * tls.enable}, ... see {@link TlsOptions}) for the remoting port and the notices to brokers; {@code
 * --raft-tls} makes the Raft port mutual TLS with that file's {@code tls.server.certPath}, {@code
 * tls.server.keyPath} and {@code tls.server.trustCertPath} ({@link dev.skiff.controller.raft.RaftTls});
 * {@code --auth-config} names a file with {@code innerClientAuthenticationCredentials}: the role
 * notices are signed with them, and the remoting port then checks the signature of every request
 * it receives, as a broker does (see {@link #security}). Runs until SIGTERM or Ctrl-C.
 */
public final class ControllerMain {
    private static final Logger log = LoggerFactory.getLogger(ControllerMain.class);
    private static final String INNER_CREDENTIALS = "innerClientAuthenticationCredentials";
    public static final String USAGE =
            "controller --id ID --listen host:port --peers ID=host:port,... --data DIR [--config FILE]"
                    + " [--heartbeat-timeout-ms MS] [--unclean]"
                    + " [--metrics host:port] [--tls-config FILE] [--raft-tls] [--auth-config FILE]";

    private ControllerMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Starts a peer and blocks until the JVM stops; 2 for bad arguments, 1 when it cannot start. */
    public static int run(String[] args) throws Exception {
        ControllerConfig config = parse(args);
        ControllerServer server = new ControllerServer(config, SkiffClock.system(), security(args));
        ControllerMetrics[] metrics = {null};
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    if (metrics[0] != null) {
                        metrics[0].close();
                    }
                    server.close();
                    stopped.countDown();
                },
                "controller-shutdown");
        try {
            server.start();
            System.out.println("skiff controller " + config.peerId() + " listening on " + server.address());
            metrics[0] = startMetrics(server, args);
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return 0;
        } catch (Exception e) {
            log.error("controller failed to start", e);
            System.err.println("controller: cannot start: " + e.getMessage());
            server.close();
            return 1;
        }
    }

    /** Parses the arguments; throws IllegalArgumentException naming what is wrong. */
    public static ControllerConfig parse(String[] args) {
        String id = null;
        String listen = null;
        String peers = null;
        String data = null;
        Long timeoutMs = null;
        boolean unclean = false;
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--id" -> id = value(args, ++i, "--id");
                case "--listen" -> listen = value(args, ++i, "--listen");
                case "--peers" -> peers = value(args, ++i, "--peers");
                case "--data" -> data = value(args, ++i, "--data");
                case "--config" -> configFile = value(args, ++i, "--config");
                case "--heartbeat-timeout-ms" -> timeoutMs = Long.parseLong(value(args, ++i, "--heartbeat-timeout-ms"));
                case "--unclean" -> unclean = true;
                case "--metrics" -> {
                    String at = value(args, ++i, "--metrics");
                    if (at.lastIndexOf(':') <= 0) {
                        throw new IllegalArgumentException("--metrics must be host:port");
                    }
                }
                case "--tls-config" -> value(args, ++i, "--tls-config"); // read by tlsOptions
                case "--raft-tls" -> {
                    // read by security: the Raft port uses mutual TLS with --tls-config's tls.server.* files
                }
                case "--auth-config" -> value(args, ++i, "--auth-config"); // read by security
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (id == null || listen == null || peers == null || data == null) {
            throw new IllegalArgumentException("--id, --listen, --peers and --data are required");
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen must be host:port");
        }
        Map<String, String> peerMap = ControllerConfig.parsePeers(peers);
        ControllerTuning tuning = configFile == null ? ControllerTuning.defaults() : tuning(Path.of(configFile));
        if (timeoutMs != null) {
            tuning = tuning.withHeartbeatTimeout(timeoutMs, Math.max(10, Math.min(1_000, timeoutMs / 4)));
        }
        if (unclean) {
            tuning = tuning.withUncleanElection(true);
        }
        return new ControllerConfig(
                id,
                listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                peerMap,
                new File(data),
                tuning);
    }

    /** The tuning in a properties file; IllegalArgumentException naming the file and the bad key. */
    static ControllerTuning tuning(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config: cannot read " + file + ": " + e.getMessage());
        }
        try {
            return ControllerTuning.fromProperties(props);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage());
        }
    }

    /**
     * Serves {@code /metrics} for a started peer when {@code args} has {@code --metrics HOST:PORT}
     * (and prints where); null when it has not.
     */
    public static ControllerMetrics startMetrics(ControllerServer server, String[] args) throws IOException {
        String at = option(args, "--metrics");
        if (at == null) {
            return null;
        }
        int colon = at.lastIndexOf(':');
        ControllerMetrics metrics =
                ControllerMetrics.start(server, at.substring(0, colon), Integer.parseInt(at.substring(colon + 1)));
        System.out.println("  metrics at http://" + at.substring(0, colon) + ":" + metrics.port() + "/metrics");
        return metrics;
    }

    /** The value of {@code flag}, or null when absent. */
    static String option(String[] args, String flag) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        return null;
    }

    /**
     * What {@code --tls-config FILE}, {@code --raft-tls} and {@code --auth-config FILE} ask for. The
     * auth file holds broker keys: {@code innerClientAuthenticationCredentials} (required; the
     * controller signs its notices to brokers with them, and they are a super user on its port) and
     * the optional keys of {@link #requestChecks}.
     */
    public static ControllerSecurity security(String[] args) throws IOException {
        String authFile = option(args, "--auth-config");
        Credentials credentials = null;
        AuthSettings checks = null;
        if (authFile != null) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(authFile))) {
                props.load(in);
            }
            String json = props.getProperty(INNER_CREDENTIALS, "");
            if (json.isBlank()) {
                throw new IllegalArgumentException("--auth-config " + authFile + " has no " + INNER_CREDENTIALS);
            }
            try {
                credentials = Credentials.parse(json);
                checks = requestChecks(props);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--auth-config " + authFile + ": " + e.getMessage(), e);
            }
        }
        return new ControllerSecurity(tlsOptions(args), List.of(args).contains("--raft-tls"), credentials, checks);
    }

    /**
     * The request checks of an {@code --auth-config} file: the broker keys {@code
     * authenticationEnabled} and {@code authorizationEnabled} (both on when absent: a file given
     * means auth is configured), {@code initAuthenticationUser} (a super user for operator tools),
     * and the two whitelists.
     */
    static AuthSettings requestChecks(Properties props) {
        return AuthSettings.parse(
                Boolean.parseBoolean(props.getProperty(AuthOptions.AUTHENTICATION_ENABLED, "true")),
                Boolean.parseBoolean(props.getProperty(AuthOptions.AUTHORIZATION_ENABLED, "true")),
                props.getProperty(AuthOptions.INIT_AUTHENTICATION_USER, ""),
                props.getProperty(INNER_CREDENTIALS, ""),
                props.getProperty(AuthOptions.AUTHENTICATION_WHITELIST, ""),
                props.getProperty(AuthOptions.AUTHORIZATION_WHITELIST, ""));
    }

    /** The TLS options of {@code --tls-config FILE}, or every TLS option off. */
    public static TlsOptions tlsOptions(String[] args) throws IOException {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--tls-config")) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(args[i + 1]))) {
                    props.load(in);
                }
                return TlsOptions.fromProperties(props);
            }
        }
        return TlsOptions.disabled();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
