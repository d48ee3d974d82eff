package dev.skiff.namesrv.config;

import static dev.skiff.common.config.ConfigKey.bool;
import static dev.skiff.common.config.ConfigKey.choice;
import static dev.skiff.common.config.ConfigKey.integer;
import static dev.skiff.common.config.ConfigKey.longKey;
import static dev.skiff.common.config.ConfigKey.string;

import dev.skiff.auth.AuthOptions;
import dev.skiff.common.config.ConfigKey;
import dev.skiff.common.config.ConfigKeys;
import dev.skiff.remoting.TlsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every name server config key, declared once: name, type, default, bounds, doc and whether
 * UPDATE_NAMESRV_CONFIG may change it while running. The order is the order of {@link
 * NamesrvConfig}'s record components (checked by {@link dev.skiff.common.config.ConfigBinder}),
 * of GET_NAMESRV_CONFIG and of the table in {@code docs/configuration.md}. The official {@code
 * tls.*} keys and then the auth keys ({@link AuthOptions}) come last: add a key at the end of the
 * name server's own list and its component just before the {@code tls*} components.
 */
final class NamesrvConfigKeys {
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    static final ConfigKeys KEYS = ConfigKeys.of(
            "name server config",
            withTls(List.of(
                    ConfigKey.string("listenHost", "0.0.0.0", "address to bind")
                            .check(v -> !v.isBlank(), v -> "must not be blank"),
                    integer("listenPort", 9876, 0, 65_535, "port to bind; 0 picks a free one"),
                    ConfigKey.path(
                                    "homeDir",
                                    Path.of(System.getProperty("user.home"), "skiff", "namesrv"),
                                    "directory of kvConfig.json")
                            .documentedDefault("~/skiff/namesrv"),
                    longKey("scanIntervalMs", 10_000, 10, 3_600_000, "how often silent brokers are looked for"),
                    longKey(
                            "brokerTimeoutMs",
                            120_000,
                            100,
                            86_400_000,
                            "a broker silent this long is dropped (unless it registered its own timeout)"),
                    integer("ioThreads", 2, 1, 64, "Netty event-loop threads"),
                    integer("routeThreads", 2, 1, 256, "threads answering route and cluster reads"),
                    integer("routeQueueCapacity", 10_000, 1, 1_000_000, "queued reads before SYSTEM_BUSY"),
                    integer(
                            "registerThreads",
                            1,
                            1,
                            64,
                            "threads for broker registration, heartbeats and admin writes"),
                    integer(
                            "registerQueueCapacity",
                            2_000,
                            1,
                            1_000_000,
                            "queued registrations/admin requests before SYSTEM_BUSY"),
                    integer("frameMaxBytes", 16 << 20, 1024, INT_MAX, "largest accepted frame"),
                    longKey("idleTimeoutMs", 120_000, 0, LONG_MAX, "idle connections are closed after this"),
                    integer(
                            "registerBodyInflatedMaxBytes",
                            64 << 20,
                            1024,
                            INT_MAX,
                            "largest inflated compressed registration body"),
                    integer("kvEntriesMax", 100_000, 1, INT_MAX, "KV config entries over all namespaces"),
                    integer(
                            "routeCacheTopicsMax",
                            100_000,
                            0,
                            INT_MAX,
                            "encoded routes kept; the cache is emptied when full"),
                    bool(
                                    "orderMessageEnable",
                                    false,
                                    "add orderTopicConf from KV namespace ORDER_TOPIC_CONFIG to routes (official"
                                            + " default false)")
                            .live(),
                    bool(
                                    "returnOrderTopicConfigToBroker",
                                    true,
                                    "answer REGISTER_BROKER with the ORDER_TOPIC_CONFIG KV table")
                            .live(),
                    bool("enableAllTopicList", true, "serve GET_ALL_TOPIC_LIST_FROM_NAMESERVER")
                            .live(),
                    bool("enableTopicList", true, "serve topics-by-cluster and the unit topic lists")
                            .live(),
                    bool(
                                    "deleteTopicWithBrokerRegistration",
                                    false,
                                    "a registration drops the broker's topics it no longer lists")
                            .live(),
                    bool(
                                    "supportActingMaster",
                                    false,
                                    "in routes, present a read-only lowest-id slave as master when the master is gone")
                            .live(),
                    longKey(
                            "partialFramesMaxBytes",
                            0,
                            0,
                            LONG_MAX,
                            "bytes all connections together may hold in frames not yet fully arrived; past it a"
                                    + " connection starting another is closed; 0 = a quarter of the JVM's max direct"
                                    + " memory"),
                    longKey(
                            "frameDeadlineMs",
                            30_000,
                            0,
                            LONG_MAX,
                            "a frame must arrive whole within this long of its first byte or its connection is"
                                    + " closed; 0 = no deadline"),
                    choice(
                            "metricsExporterType",
                            "DISABLE",
                            List.of("DISABLE", "PROM"),
                            "PROM serves Prometheus metrics over HTTP (docs/metrics.md); DISABLE none"),
                    string("metricsPromExporterHost", "", "address the metrics endpoint binds; empty = listenHost"),
                    integer(
                            "metricsPromExporterPort",
                            5557,
                            0,
                            65_535,
                            "port of the metrics endpoint (0 = any free)"))));

    /**
     * The official {@code tls.*} server keys (declared in {@link TlsOptions}), then the auth keys
     * (declared in {@link AuthOptions}), after the name server's own.
     */
    private static List<ConfigKey<?>> withTls(List<ConfigKey<?>> own) {
        List<ConfigKey<?>> all = new ArrayList<>(own);
        all.addAll(TlsOptions.SERVER_KEYS);
        all.addAll(AuthOptions.KEYS);
        return all;
    }

    private NamesrvConfigKeys() {}
}
