package dev.skiff.broker.config;

import static dev.skiff.common.config.ConfigKey.bool;
import static dev.skiff.common.config.ConfigKey.choice;
import static dev.skiff.common.config.ConfigKey.integer;
import static dev.skiff.common.config.ConfigKey.longKey;
import static dev.skiff.common.config.ConfigKey.string;

import dev.skiff.auth.AuthOptions;
import dev.skiff.common.config.ConfigKey;
import dev.skiff.common.config.ConfigKeys;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.store.StoreConfig.FlushMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every broker config key, declared once: name, type, default, bounds, doc and whether it is live
 * (changeable with UPDATE_BROKER_CONFIG). The order is the order of {@link BrokerConfig}'s record
 * components (checked by {@link dev.skiff.common.config.ConfigBinder}), of GET_BROKER_CONFIG and of
 * the table in {@code docs/configuration.md}, which a test regenerates and compares.
 *
 * <p>To add a key: append one descriptor at the end of the broker's own list in {@link #KEYS} and
 * a record component at the same position in {@link BrokerConfig} (just before the {@code tls*}
 * components: the official {@code tls.*} keys, declared once in {@link TlsOptions}, and then the
 * auth keys, declared once in {@link AuthOptions}, come last);
 * rules between keys go in the record's constructor.
 */
final class BrokerConfigKeys {
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final int THREADS_MAX = 256;
    private static final int QUEUE_MAX = 1_000_000;

    static final ConfigKeys KEYS = ConfigKeys.of(
            "broker config",
            withTls(List.of(
                    string("brokerClusterName", "DefaultCluster", "cluster registered with the name servers")
                            .check(v -> !v.isBlank(), v -> "must not be blank"),
                    string("brokerName", "broker-a", "name of the broker group")
                            .check(v -> v.matches("[%|a-zA-Z0-9_-]{1,127}"), v -> "must be 1..127 of [%|a-zA-Z0-9_-]"),
                    longKey("brokerId", 0, 0, LONG_MAX, "0 = master, > 0 = slave"),
                    ConfigKey.list("namesrvAddr", List.of(), "name servers, host:port separated by ;"),
                    string("listenHost", "0.0.0.0", "address to bind"),
                    integer("listenPort", 10911, 0, 65_535, "port to bind; 0 picks a free one"),
                    string(
                            "brokerIP1",
                            "",
                            "address advertised to clients; empty = the bind address, or the first site-local IPv4"
                                    + " address for a wildcard bind"),
                    ConfigKey.path(
                                    "storePathRootDir",
                                    Path.of(System.getProperty("user.home"), "skiff", "store"),
                                    "data folder: commit log, queues, index, config")
                            .documentedDefault("~/skiff/store"),
                    ConfigKey.of(
                            "flushDiskType",
                            FlushMode.class,
                            BrokerConfigKeys::flushMode,
                            m -> m == FlushMode.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH",
                            FlushMode.ASYNC,
                            "ASYNC_FLUSH or SYNC_FLUSH (group commit; ack after fsync)"),
                    ConfigKey.choice(
                            "commitLogWrites",
                            "AUTO",
                            List.of("AUTO", "MAPPED", "CHANNEL", "STAGED"),
                            "how appends reach the commit log: MAPPED (a copy through the mapping), CHANNEL (a write"
                                    + " call per append), STAGED (an off-heap buffer the flush thread writes once per"
                                    + " group commit; SYNC_FLUSH only); AUTO = STAGED under SYNC_FLUSH, else MAPPED"),
                    integer("mappedFileSizeCommitLog", 1 << 30, 1 << 20, INT_MAX, "commit-log segment size in bytes"),
                    integer("fileReservedTime", 72, 1, INT_MAX, "hours a commit-log segment is kept")
                            .live(),
                    integer("deleteWhen", 4, 0, 23, "hour of day expired segments are deleted")
                            .explained(v -> "must be an hour 0..23: " + v)
                            .live(),
                    integer("brokerPermission", 6, 0, 15, "broker-wide permission (2 write, 4 read)")
                            .live(),
                    bool("autoCreateTopicEnable", true, "a send to an unknown topic creates it from TBW102")
                            .live(),
                    bool("autoCreateSubscriptionGroup", true, "an unknown consumer group is created on first use")
                            .live(),
                    integer(
                            "defaultTopicQueueNums",
                            4,
                            1,
                            1024,
                            "read and write queues of TBW102 (so of auto-created topics)"),
                    integer("maxMessageSize", 4 << 20, 1024, 64 << 20, "largest message body accepted, bytes")
                            .live(),
                    longKey(
                            "registerNameServerPeriod",
                            30_000,
                            1_000,
                            60_000,
                            "ms between registrations with every name server"),
                    longKey("registerTimeoutMs", 6_000, 100, LONG_MAX, "timeout of one registration call"),
                    bool(
                                    "longPollingEnable",
                                    true,
                                    "hold empty pulls until a message arrives or the client's suspend time ends")
                            .live(),
                    longKey(
                                    "shortPollingTimeMills",
                                    1_000,
                                    0,
                                    LONG_MAX,
                                    "hold time of an empty pull when long polling is off")
                            .live(),
                    longKey("flushConsumerOffsetInterval", 5_000, 100, LONG_MAX, "ms between consumer-offset persists"),
                    ConfigKey.of(
                            "messageDelayLevel",
                            String.class,
                            BrokerConfigKeys::delayLevels,
                            t -> t,
                            DelayLevels.DEFAULT,
                            "delay of each level (units s, m, h, d)"),
                    longKey(
                            "queueLockLeaseMs",
                            60_000,
                            1_000,
                            LONG_MAX,
                            "an ordered-consumption queue lock lapses this long after its last renewal"),
                    longKey(
                            "channelExpiredTimeout",
                            120_000,
                            1_000,
                            LONG_MAX,
                            "a client silent this long is dropped from producer/consumer tables"),
                    integer("ioThreads", 2, 1, THREADS_MAX, "Netty event-loop threads"),
                    integer("sendThreads", 2, 1, THREADS_MAX, "threads validating and appending sends"),
                    integer("sendQueueCapacity", 10_000, 1, QUEUE_MAX, "queued sends before SYSTEM_BUSY"),
                    bool(
                            "sendInline",
                            true,
                            "sends to existing topics are appended on the I/O thread that read them (an append is a"
                                    + " memory copy into a pre-touched segment): no hand-off to a send thread and back;"
                                    + " sends that may create a topic still go to the send threads"),
                    bool(
                            "pullInline",
                            true,
                            "pulls of existing groups are served on the I/O thread that read them (in-memory checks,"
                                    + " a consume-queue scan, records sent as mapped views); held pulls wake on the pull"
                                    + " threads"),
                    integer("pullThreads", 4, 1, THREADS_MAX, "threads serving pulls"),
                    integer("pullQueueCapacity", 100_000, 1, QUEUE_MAX, "queued pulls before SYSTEM_BUSY"),
                    integer(
                            "clientThreads",
                            2,
                            1,
                            THREADS_MAX,
                            "threads for heartbeats, offsets, locks and client bookkeeping"),
                    integer("clientQueueCapacity", 50_000, 1, QUEUE_MAX, "queued client requests before SYSTEM_BUSY"),
                    integer("adminThreads", 2, 1, THREADS_MAX, "threads for admin and query requests"),
                    integer("adminQueueCapacity", 2_000, 1, QUEUE_MAX, "queued admin requests before SYSTEM_BUSY"),
                    integer("frameMaxBytes", 16 << 20, 1, INT_MAX, "largest accepted frame"),
                    longKey("idleTimeoutMs", 120_000, 0, LONG_MAX, "idle connections are closed after this"),
                    ConfigKey.enumKey(
                            "brokerRole",
                            BrokerRole.class,
                            BrokerRole.ASYNC_MASTER,
                            "ASYNC_MASTER, SYNC_MASTER (a send is answered once enough slaves have it) or SLAVE"
                                    + " (copies its master's log; brokerId must then be > 0, and a master's must be 0)"),
                    integer(
                            "haListenPort",
                            -1,
                            -1,
                            65_535,
                            "port a master serves replication on; -1 = listenPort + 1 (0 when listenPort is 0: a"
                                    + " free one)"),
                    string(
                                    "haMasterAddress",
                                    "",
                                    "a slave's master HA address host:port; empty = learned from the name servers'"
                                            + " registration answer")
                            .check(
                                    v -> v.isEmpty() || v.matches("[^:\\s]+:\\d{1,5}"),
                                    v -> "must be host:port: '" + v + "'"),
                    bool(
                            "slaveReadEnable",
                            false,
                            "a master may suggest that consumers read from a caught-up slave when the data asked"
                                    + " for is no longer in memory"),
                    longKey(
                            "transactionTimeOut",
                            6_000,
                            1,
                            86_400_000L,
                            "ms a half (prepared) transactional message waits for its producer's decision before"
                                    + " the broker asks (check-back)"),
                    integer(
                            "transactionCheckMax",
                            15,
                            1,
                            1_000,
                            "check-backs of one half message before it is moved to TRANS_CHECK_MAX_TIME_TOPIC"),
                    longKey(
                            "transactionCheckInterval",
                            60_000,
                            1,
                            86_400_000L,
                            "ms between check-back rounds (and between two checks of one message)"),
                    longKey(
                            "partialFramesMaxBytes",
                            0,
                            0,
                            LONG_MAX,
                            "bytes all connections together may hold in frames not yet fully arrived; past it a"
                                    + " connection starting another is closed; 0 = a quarter of the JVM's max direct"
                                    + " memory (never less than frameMaxBytes)"),
                    longKey(
                            "frameDeadlineMs",
                            30_000,
                            0,
                            LONG_MAX,
                            "a frame must arrive whole within this long of its first byte or its connection is"
                                    + " closed; 0 = no deadline"),
                    bool(
                            "enablePropertyFilter",
                            true,
                            "serve SQL92 property filters (pulls, CHECK_CLIENT_CONFIG); false answers SQL92"
                                    + " subscriptions with SYSTEM_ERROR"),
                    integer(
                            "haSendHeartbeatInterval",
                            5_000,
                            100,
                            600_000,
                            "ms between a slave's offset reports (and a master's empty frames) when nothing else is"
                                    + " sent"),
                    integer(
                            "haHousekeepingInterval",
                            20_000,
                            101,
                            INT_MAX,
                            "a replication connection silent this long (ms) is closed; more than"
                                    + " haSendHeartbeatInterval"),
                    integer(
                            "haTransferBatchSize",
                            32_768,
                            1024,
                            4 << 20,
                            "largest log chunk a master sends in one frame, bytes"),
                    longKey(
                            "haMaxGapNotInSync",
                            256 << 20,
                            1,
                            LONG_MAX,
                            "a slave this many bytes behind leaves the in-sync set"),
                    longKey(
                            "haMaxTimeSlaveNotCatchup",
                            15_000,
                            100,
                            LONG_MAX,
                            "a slave that has not caught up (or not reported) for this long (ms) leaves the in-sync"
                                    + " set"),
                    longKey(
                            "syncFlushTimeout",
                            5_000,
                            1,
                            LONG_MAX,
                            "ms a SYNC_MASTER send waits for its slaves before FLUSH_SLAVE_TIMEOUT"),
                    integer(
                            "inSyncReplicas",
                            1,
                            1,
                            64,
                            "replicas, the master counted, a SYNC_MASTER send should reach; at least 2 is used (see"
                                    + " docs/replication.md)"),
                    integer(
                            "minInSyncReplicas",
                            1,
                            1,
                            64,
                            "fewest replicas, the master counted, a SYNC_MASTER send may settle for when fewer are"
                                    + " in sync (at most inSyncReplicas); fewer still: SLAVE_NOT_AVAILABLE"),
                    integer("haSlavesMax", 16, 1, 64, "replication connections a master accepts at once"),
                    integer(
                            "accessMessageInMemoryMaxRatio",
                            40,
                            0,
                            100,
                            "percent of physical memory: a pull reading further than this behind the end of the"
                                    + " commit log is told to go to a slave (with slaveReadEnable)"),
                    bool(
                            "timerWheelEnable",
                            true,
                            "messages with a delivery time (TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS) are"
                                    + " held until then; false = refused"),
                    integer(
                                    "timerPrecisionMs",
                                    1000,
                                    10,
                                    60_000,
                                    "slot width of the timing wheel: a timer fires at most this long after its time,"
                                            + " never before (dividing a minute)")
                            .check(v -> 60_000 % v == 0, v -> "must be 10..60000 ms and divide a minute: " + v),
                    integer(
                            "timerMaxDelaySec",
                            259_200,
                            1,
                            90 * 86_400,
                            "longest delay accepted, seconds (3 days; up to 90 days)"),
                    longKey(
                            "timerWheelWindowMs",
                            60_000,
                            10,
                            3_600_000,
                            "how far ahead timers are loaded into memory (timerPrecisionMs..3600000)"),
                    integer(
                            "timerWheelEntriesMax",
                            1_000_000,
                            1_000,
                            50_000_000,
                            "most timers held in memory; beyond it loading ahead stops and timers wait on disk"),
                    choice(
                            "metricsExporterType",
                            "DISABLE",
                            List.of("DISABLE", "PROM"),
                            "PROM serves Prometheus metrics over HTTP (docs/metrics.md); DISABLE none"),
                    string("metricsPromExporterHost", "", "address the metrics endpoint binds; empty = listenHost"),
                    integer("metricsPromExporterPort", 5557, 0, 65_535, "port of the metrics endpoint (0 = any free)"),
                    bool(
                            "enableControllerMode",
                            false,
                            "the controller (controllerAddr) decides the master and the broker ids; brokerRole and"
                                    + " brokerId are then only the starting point (docs/controller.md)"),
                    ConfigKey.list(
                            "controllerAddr",
                            List.of(),
                            "controller peers' remoting addresses, host:port separated by ;; required in controller"
                                    + " mode"),
                    bool(
                            "allAckInSyncStateSet",
                            false,
                            "controller mode: a SYNC_MASTER send should wait for every member of the in-sync set"
                                    + " (read; not acted on yet)"),
                    integer(
                            "brokerHeartbeatInterval",
                            1_000,
                            100,
                            10_000,
                            "ms between heartbeats to every controller peer"),
                    longKey(
                            "controllerHeartBeatTimeoutMills",
                            10_000,
                            1_000,
                            600_000,
                            "heartbeat timeout told to the controller; a master that reached no controller peer for"
                                    + " this long stops accepting writes"),
                    longKey(
                            "syncBrokerMetadataPeriod",
                            5_000,
                            100,
                            600_000,
                            "ms between replica-info polls of the controller leader (the fallback for a lost role"
                                    + " notice)"),
                    integer(
                            "timerCongestNumEachSlot",
                            500_000,
                            1,
                            Integer.MAX_VALUE,
                            "timers one slot may hold: above it new ones for that slot are refused at random"
                                    + " (SYSTEM_ERROR), from twice it always; 2147483647 = no limit"),
                    bool(
                            "haTlsEnable",
                            false,
                            "the HA port and the slave's replication client use mutual TLS with the tls.server.*"
                                    + " and tls.client.* certificates, keys and trust paths (all required);"
                                    + " docs/security.md"),
                    string(
                                    "haSlaveAllowList",
                                    "",
                                    "addresses or CIDR blocks (comma-separated) a master's HA port accepts slaves from;"
                                            + " empty = any")
                            .check(
                                    BrokerConfigKeys::validAllowList,
                                    v -> "must be numeric addresses or CIDR" + " blocks, comma-separated: '" + v + "'"),
                    longKey(
                            "controllerLeaseMarginMills",
                            1_000,
                            1,
                            600_000,
                            "controller mode: a master stops accepting writes at least this long (and at least a"
                                    + " quarter of controllerHeartBeatTimeoutMills) before the controller may"
                                    + " elect another; its lease is the heartbeat timeout less this margin, at"
                                    + " least a quarter of the timeout (docs/controller.md)"))));

    /**
     * The official {@code tls.*} keys (declared in {@link TlsOptions}), then the auth keys (declared
     * in {@link AuthOptions}), after the broker's own.
     */
    private static List<ConfigKey<?>> withTls(List<ConfigKey<?>> own) {
        List<ConfigKey<?>> all = new ArrayList<>(own);
        all.addAll(TlsOptions.SERVER_KEYS);
        all.addAll(TlsOptions.CLIENT_KEYS);
        all.addAll(AuthOptions.KEYS);
        return all;
    }

    private BrokerConfigKeys() {}

    private static FlushMode flushMode(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "ASYNC_FLUSH", "ASYNC" -> FlushMode.ASYNC;
            case "SYNC_FLUSH", "SYNC" -> FlushMode.SYNC;
            default -> throw new IllegalArgumentException("must be ASYNC_FLUSH or SYNC_FLUSH: '" + text + "'");
        };
    }

    private static boolean validAllowList(String text) {
        try {
            dev.skiff.broker.ha.HaAllowList.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String delayLevels(String text) {
        DelayLevels.parse(text); // throws naming the bad level
        return text;
    }
}
