package dev.skiff.console;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console process part: an HTTP server (the JDK's) on {@code consoleListenHost:consoleListenPort}
 * serving the pages and the JSON API ({@link ApiRoutes}), and one wire-protocol client that reads
 * the cluster from the configured name servers and their brokers. Holds no state of the cluster:
 * every API call reads it afresh.
 *
 * <p>Bounded: {@code consoleHttpThreads} threads and a queue of {@code consoleHttpQueueCapacity}
 * requests; a request beyond that has its connection closed. Each wire request waits at most
 * {@code consoleRpcTimeoutMs}.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    private final ConsoleConfig config;
    private final SkiffClock clock;
    private NettyRemotingClient client;
    private HttpServer http;
    private ThreadPoolExecutor executor;

    public ConsoleServer(ConsoleConfig config, SkiffClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Binds and starts serving; returns the bound address. */
    public synchronized InetSocketAddress start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("console already started");
        }
        StaticAssets pages = StaticAssets.load();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
        AdminCalls calls = new AdminCalls(client, config.namesrvAddr(), config.consoleRpcTimeoutMs());
        ClusterReader cluster = new ClusterReader(calls, config.consoleBrokersMax());
        ApiRoutes routes = new ApiRoutes(
                config,
                cluster,
                new GroupReader(calls, cluster),
                new MessageLookup(calls, cluster, config.consoleMessagesMax(), config.consoleBodyShownMaxBytes()),
                new ConsoleActions(calls, cluster, clock, config.consoleWriteEnabled()));
        HttpHandlers handlers = new HttpHandlers(routes, pages, config.consoleRequestBodyMaxBytes());
        try {
            http = HttpServer.create(new InetSocketAddress(config.consoleListenHost(), config.consoleListenPort()), 64);
        } catch (IOException e) {
            client.shutdown();
            throw new IOException(
                    "cannot serve the console on " + config.consoleListenHost() + ":" + config.consoleListenPort()
                            + ": " + e.getMessage(),
                    e);
        }
        executor = executor(config);
        http.setExecutor(executor);
        http.createContext("/api/", handlers.api());
        http.createContext("/", handlers.assets());
        http.start();
        log.info(
                "console at http://{}:{}/ reading name servers {} ({})",
                config.consoleListenHost(),
                port(),
                config.namesrvAddr(),
                config.consoleWriteEnabled() ? "actions enabled" : "read-only");
        return http.getAddress();
    }

    private static ThreadPoolExecutor executor(ConsoleConfig config) {
        AtomicInteger seq = new AtomicInteger();
        return new ThreadPoolExecutor(
                config.consoleHttpThreads(),
                config.consoleHttpThreads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.consoleHttpQueueCapacity()),
                r -> {
                    Thread t = new Thread(r, "console-http-" + seq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The bound port, or -1 before start. */
    public synchronized int port() {
        return http == null ? -1 : http.getAddress().getPort();
    }

    public ConsoleConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop(0);
            executor.shutdownNow();
            client.shutdown();
            http = null;
        }
    }
}
