package dev.skiff.namesrv.config;

import dev.skiff.common.config.ConfigReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of the name server. Built from Java properties with {@link #fromProperties};
 * unknown keys and bad values are rejected with a message naming the key.
 *
 * <table>
 *   <caption>keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>listenHost</td><td>0.0.0.0</td><td>address to bind</td></tr>
 *   <tr><td>listenPort</td><td>9876</td><td>port to bind; 0 picks a free one</td></tr>
 *   <tr><td>homeDir</td><td>~/skiff/namesrv</td><td>directory of {@code kvConfig.json}</td></tr>
 *   <tr><td>scanIntervalMs</td><td>10000</td><td>how often silent brokers are looked for</td></tr>
 *   <tr><td>brokerTimeoutMs</td><td>120000</td><td>a broker silent this long is dropped (unless it registered its own timeout)</td></tr>
 *   <tr><td>ioThreads</td><td>2</td><td>Netty event-loop threads</td></tr>
 *   <tr><td>routeThreads</td><td>2</td><td>threads answering route and cluster reads</td></tr>
 *   <tr><td>routeQueueCapacity</td><td>10000</td><td>queued reads before SYSTEM_BUSY</td></tr>
 *   <tr><td>registerThreads</td><td>1</td><td>threads for broker registration, heartbeats and admin writes</td></tr>
 *   <tr><td>registerQueueCapacity</td><td>2000</td><td>queued registrations/admin requests before SYSTEM_BUSY</td></tr>
 *   <tr><td>frameMaxBytes</td><td>16777216</td><td>largest accepted frame</td></tr>
 *   <tr><td>idleTimeoutMs</td><td>120000</td><td>idle connections are closed after this</td></tr>
 *   <tr><td>registerBodyInflatedMaxBytes</td><td>67108864</td><td>largest inflated compressed registration body</td></tr>
 *   <tr><td>kvEntriesMax</td><td>100000</td><td>KV config entries over all namespaces</td></tr>
 *   <tr><td>routeCacheTopicsMax</td><td>100000</td><td>encoded routes kept; the cache is emptied when full</td></tr>
 *   <tr><td>orderMessageEnable</td><td>false</td><td>add {@code orderTopicConf} from KV namespace ORDER_TOPIC_CONFIG to routes (official default false)</td></tr>
 *   <tr><td>returnOrderTopicConfigToBroker</td><td>true</td><td>answer REGISTER_BROKER with the ORDER_TOPIC_CONFIG KV table</td></tr>
 *   <tr><td>enableAllTopicList</td><td>true</td><td>serve GET_ALL_TOPIC_LIST_FROM_NAMESERVER</td></tr>
 *   <tr><td>enableTopicList</td><td>true</td><td>serve topics-by-cluster and the unit topic lists</td></tr>
 *   <tr><td>deleteTopicWithBrokerRegistration</td><td>false</td><td>a registration drops the broker's topics it no longer lists</td></tr>
 *   <tr><td>supportActingMaster</td><td>false</td><td>in routes, present a read-only lowest-id slave as master when the master is gone</td></tr>
 *   <tr><td>partialFramesMaxBytes</td><td>0</td><td>bytes all connections together may hold in frames not yet fully arrived; past it a connection starting another is closed; 0 = a quarter of the JVM's max direct memory</td></tr>
 *   <tr><td>frameDeadlineMs</td><td>30000</td><td>a frame must arrive whole within this long of its first byte or its connection is closed; 0 = no deadline</td></tr>
 *   <tr><td>metricsExporterType</td><td>DISABLE</td><td>PROM serves Prometheus metrics over HTTP (docs/metrics.md)</td></tr>
 *   <tr><td>metricsPromExporterHost</td><td>(empty)</td><td>address the metrics endpoint binds; empty = listenHost</td></tr>
 *   <tr><td>metricsPromExporterPort</td><td>5557</td><td>port of the metrics endpoint (0 = any free)</td></tr>
 * </table>
 *
 * Keys listed in {@link #DYNAMIC_KEYS} can be changed at run time with UPDATE_NAMESRV_CONFIG.
 */
public record NamesrvConfig(
        String listenHost,
        int listenPort,
        Path homeDir,
        long scanIntervalMs,
        long brokerTimeoutMs,
        int ioThreads,
        int routeThreads,
        int routeQueueCapacity,
        int registerThreads,
        int registerQueueCapacity,
        int frameMaxBytes,
        long idleTimeoutMs,
        int registerBodyInflatedMaxBytes,
        int kvEntriesMax,
        int routeCacheTopicsMax,
        boolean orderMessageEnable,
        boolean returnOrderTopicConfigToBroker,
        boolean enableAllTopicList,
        boolean enableTopicList,
        boolean deleteTopicWithBrokerRegistration,
        boolean supportActingMaster,
        long partialFramesMaxBytes,
        long frameDeadlineMs,
        String metricsExporterType,
        String metricsPromExporterHost,
        int metricsPromExporterPort) {

    /** Keys UPDATE_NAMESRV_CONFIG may change while running. */
    public static final Set<String> DYNAMIC_KEYS = Set.of(
            "orderMessageEnable",
            "returnOrderTopicConfigToBroker",
            "enableAllTopicList",
            "enableTopicList",
            "deleteTopicWithBrokerRegistration",
            "supportActingMaster");

    public NamesrvConfig {
        require(listenHost != null && !listenHost.isBlank(), "listenHost", "must not be blank");
        require(listenPort >= 0 && listenPort <= 65_535, "listenPort", "must be 0..65535: " + listenPort);
        require(homeDir != null, "homeDir", "is required");
        require(
                scanIntervalMs >= 10 && scanIntervalMs <= 3_600_000,
                "scanIntervalMs",
                "must be 10..3600000: " + scanIntervalMs);
        require(
                brokerTimeoutMs >= 100 && brokerTimeoutMs <= 86_400_000,
                "brokerTimeoutMs",
                "must be 100..86400000: " + brokerTimeoutMs);
        require(ioThreads >= 1 && ioThreads <= 64, "ioThreads", "must be 1..64: " + ioThreads);
        require(routeThreads >= 1 && routeThreads <= 256, "routeThreads", "must be 1..256: " + routeThreads);
        require(registerThreads >= 1 && registerThreads <= 64, "registerThreads", "must be 1..64: " + registerThreads);
        require(routeQueueCapacity >= 1 && routeQueueCapacity <= 1_000_000, "routeQueueCapacity", "must be 1..1000000");
        require(
                registerQueueCapacity >= 1 && registerQueueCapacity <= 1_000_000,
                "registerQueueCapacity",
                "must be 1..1000000");
        require(frameMaxBytes >= 1024, "frameMaxBytes", "must be at least 1024: " + frameMaxBytes);
        require(idleTimeoutMs >= 0, "idleTimeoutMs", "must not be negative: " + idleTimeoutMs);
        require(registerBodyInflatedMaxBytes >= 1024, "registerBodyInflatedMaxBytes", "must be at least 1024");
        require(kvEntriesMax >= 1, "kvEntriesMax", "must be positive: " + kvEntriesMax);
        require(routeCacheTopicsMax >= 0, "routeCacheTopicsMax", "must not be negative: " + routeCacheTopicsMax);
        require(partialFramesMaxBytes >= 0, "partialFramesMaxBytes", "must not be negative (0 = default)");
        require(frameDeadlineMs >= 0, "frameDeadlineMs", "must not be negative (0 = none)");
        require(
                "DISABLE".equals(metricsExporterType) || "PROM".equals(metricsExporterType),
                "metricsExporterType",
                "must be DISABLE or PROM: " + metricsExporterType);
        require(
                metricsPromExporterPort >= 0 && metricsPromExporterPort <= 65_535,
                "metricsPromExporterPort",
                "must be 0..65535: " + metricsPromExporterPort);
    }

    public static NamesrvConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Builds from properties; keys absent take their defaults. */
    public static NamesrvConfig fromProperties(Properties props) {
        ConfigReader r = new ConfigReader("name server config", DEFAULTS, props);
        return new NamesrvConfig(
                r.string("listenHost"),
                r.integer("listenPort"),
                Path.of(r.string("homeDir")),
                r.longValue("scanIntervalMs"),
                r.longValue("brokerTimeoutMs"),
                r.integer("ioThreads"),
                r.integer("routeThreads"),
                r.integer("routeQueueCapacity"),
                r.integer("registerThreads"),
                r.integer("registerQueueCapacity"),
                r.integer("frameMaxBytes"),
                r.longValue("idleTimeoutMs"),
                r.integer("registerBodyInflatedMaxBytes"),
                r.integer("kvEntriesMax"),
                r.integer("routeCacheTopicsMax"),
                r.bool("orderMessageEnable"),
                r.bool("returnOrderTopicConfigToBroker"),
                r.bool("enableAllTopicList"),
                r.bool("enableTopicList"),
                r.bool("deleteTopicWithBrokerRegistration"),
                r.bool("supportActingMaster"),
                r.longValue("partialFramesMaxBytes"),
                r.longValue("frameDeadlineMs"),
                r.string("metricsExporterType").trim().toUpperCase(java.util.Locale.ROOT),
                r.string("metricsPromExporterHost").trim(),
                r.integer("metricsPromExporterPort"));
    }

    /** Every key with its current value, in table order. */
    public Properties toProperties() {
        Properties props = new Properties();
        for (Map.Entry<String, Function<NamesrvConfig, Object>> e : GETTERS.entrySet()) {
            props.setProperty(e.getKey(), String.valueOf(e.getValue().apply(this)));
        }
        return props;
    }

    /** The {@code key=value} lines GET_NAMESRV_CONFIG answers with, in table order. */
    public String toPropertiesText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Function<NamesrvConfig, Object>> e : GETTERS.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue().apply(this)).append('\n');
        }
        return sb.toString();
    }

    /** A copy with some keys replaced; all keys and values validated as in {@link #fromProperties}. */
    public NamesrvConfig with(Properties changes) {
        Properties merged = toProperties();
        merged.putAll(changes);
        return fromProperties(merged);
    }

    public NamesrvConfig withListen(String host, int port) {
        Properties changes = new Properties();
        changes.setProperty("listenHost", host);
        changes.setProperty("listenPort", Integer.toString(port));
        return with(changes);
    }

    public NamesrvConfig withHomeDir(Path dir) {
        Properties changes = new Properties();
        changes.setProperty("homeDir", dir.toString());
        return with(changes);
    }

    public Path kvConfigFile() {
        return homeDir.resolve("kvConfig.json");
    }

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    private static final Map<String, Function<NamesrvConfig, Object>> GETTERS = new LinkedHashMap<>();

    static {
        key("listenHost", "0.0.0.0", NamesrvConfig::listenHost);
        key("listenPort", "9876", NamesrvConfig::listenPort);
        key(
                "homeDir",
                Path.of(System.getProperty("user.home"), "skiff", "namesrv").toString(),
                NamesrvConfig::homeDir);
        key("scanIntervalMs", "10000", NamesrvConfig::scanIntervalMs);
        key("brokerTimeoutMs", "120000", NamesrvConfig::brokerTimeoutMs);
        key("ioThreads", "2", NamesrvConfig::ioThreads);
        key("routeThreads", "2", NamesrvConfig::routeThreads);
        key("routeQueueCapacity", "10000", NamesrvConfig::routeQueueCapacity);
        key("registerThreads", "1", NamesrvConfig::registerThreads);
        key("registerQueueCapacity", "2000", NamesrvConfig::registerQueueCapacity);
        key("frameMaxBytes", "16777216", NamesrvConfig::frameMaxBytes);
        key("idleTimeoutMs", "120000", NamesrvConfig::idleTimeoutMs);
        key("registerBodyInflatedMaxBytes", "67108864", NamesrvConfig::registerBodyInflatedMaxBytes);
        key("kvEntriesMax", "100000", NamesrvConfig::kvEntriesMax);
        key("routeCacheTopicsMax", "100000", NamesrvConfig::routeCacheTopicsMax);
        key("orderMessageEnable", "false", NamesrvConfig::orderMessageEnable);
        key("returnOrderTopicConfigToBroker", "true", NamesrvConfig::returnOrderTopicConfigToBroker);
        key("enableAllTopicList", "true", NamesrvConfig::enableAllTopicList);
        key("enableTopicList", "true", NamesrvConfig::enableTopicList);
        key("deleteTopicWithBrokerRegistration", "false", NamesrvConfig::deleteTopicWithBrokerRegistration);
        key("supportActingMaster", "false", NamesrvConfig::supportActingMaster);
        key("partialFramesMaxBytes", "0", NamesrvConfig::partialFramesMaxBytes);
        key("frameDeadlineMs", "30000", NamesrvConfig::frameDeadlineMs);
        key("metricsExporterType", "DISABLE", NamesrvConfig::metricsExporterType);
        key("metricsPromExporterHost", "", NamesrvConfig::metricsPromExporterHost);
        key("metricsPromExporterPort", "5557", NamesrvConfig::metricsPromExporterPort);
    }

    private static void key(String name, String defaultValue, Function<NamesrvConfig, Object> getter) {
        DEFAULTS.put(name, defaultValue);
        GETTERS.put(name, getter);
    }

    /** The keys with their defaults, in table order. */
    public static Map<String, String> defaultValues() {
        return java.util.Collections.unmodifiableMap(DEFAULTS);
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("name server config '" + key + "' " + problem);
        }
    }
}
