package dev.skiff.broker.config;

import dev.skiff.common.config.ConfigReader;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreConfig.FlushMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of one broker. Keys shared with the official broker keep its names, so an
 * existing {@code broker.conf} carries over for the keys Skiff knows; unknown keys are rejected
 * with a message that names them. Built with {@link #fromProperties}; immutable.
 *
 * <table>
 *   <caption>keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>brokerClusterName</td><td>DefaultCluster</td><td>cluster registered with the name servers</td></tr>
 *   <tr><td>brokerName</td><td>broker-a</td><td>name of the broker group</td></tr>
 *   <tr><td>brokerId</td><td>0</td><td>0 = master, &gt; 0 = slave</td></tr>
 *   <tr><td>namesrvAddr</td><td>(empty)</td><td>name servers, {@code host:port} separated by {@code ;}</td></tr>
 *   <tr><td>listenHost</td><td>0.0.0.0</td><td>address to bind</td></tr>
 *   <tr><td>listenPort</td><td>10911</td><td>port to bind; 0 picks a free one</td></tr>
 *   <tr><td>brokerIP1</td><td>(empty)</td><td>address advertised to clients; empty = the bind address, or the first site-local IPv4 address for a wildcard bind</td></tr>
 *   <tr><td>storePathRootDir</td><td>~/skiff/store</td><td>data folder: commit log, queues, index, config</td></tr>
 *   <tr><td>flushDiskType</td><td>ASYNC_FLUSH</td><td>ASYNC_FLUSH or SYNC_FLUSH (group commit; ack after fsync)</td></tr>
 *   <tr><td>commitLogWrites</td><td>AUTO</td><td>how appends reach the commit log: MAPPED (a copy through
 *       the mapping), CHANNEL (a write call per append), STAGED (an off-heap buffer the flush thread
 *       writes once per group commit; SYNC_FLUSH only); AUTO = STAGED under SYNC_FLUSH, else MAPPED</td></tr>
 *   <tr><td>mappedFileSizeCommitLog</td><td>1073741824</td><td>commit-log segment size in bytes</td></tr>
 *   <tr><td>fileReservedTime</td><td>72</td><td>hours a commit-log segment is kept; live</td></tr>
 *   <tr><td>deleteWhen</td><td>4</td><td>hour of day expired segments are deleted; live</td></tr>
 *   <tr><td>brokerPermission</td><td>6</td><td>broker-wide permission (2 write, 4 read); live</td></tr>
 *   <tr><td>autoCreateTopicEnable</td><td>true</td><td>a send to an unknown topic creates it from {@code TBW102}; live</td></tr>
 *   <tr><td>autoCreateSubscriptionGroup</td><td>true</td><td>an unknown consumer group is created on first use; live</td></tr>
 *   <tr><td>defaultTopicQueueNums</td><td>4</td><td>read and write queues of {@code TBW102} (so of auto-created topics)</td></tr>
 *   <tr><td>maxMessageSize</td><td>4194304</td><td>largest message body accepted, bytes; live</td></tr>
 *   <tr><td>registerNameServerPeriod</td><td>30000</td><td>ms between registrations with every name server</td></tr>
 *   <tr><td>registerTimeoutMs</td><td>6000</td><td>timeout of one registration call</td></tr>
 *   <tr><td>longPollingEnable</td><td>true</td><td>hold empty pulls until a message arrives or the client's suspend time ends; live</td></tr>
 *   <tr><td>shortPollingTimeMills</td><td>1000</td><td>hold time of an empty pull when long polling is off; live</td></tr>
 *   <tr><td>flushConsumerOffsetInterval</td><td>5000</td><td>ms between consumer-offset persists</td></tr>
 *   <tr><td>messageDelayLevel</td><td>1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h</td><td>delay of each level (units s, m, h, d)</td></tr>
 *   <tr><td>queueLockLeaseMs</td><td>60000</td><td>an ordered-consumption queue lock lapses this long after its last renewal</td></tr>
 *   <tr><td>channelExpiredTimeout</td><td>120000</td><td>a client silent this long is dropped from producer/consumer tables</td></tr>
 *   <tr><td>ioThreads</td><td>2</td><td>Netty event-loop threads</td></tr>
 *   <tr><td>sendThreads</td><td>2</td><td>threads validating and appending sends</td></tr>
 *   <tr><td>sendQueueCapacity</td><td>10000</td><td>queued sends before SYSTEM_BUSY</td></tr>
 *   <tr><td>sendInline</td><td>true</td><td>sends to existing topics are appended on the I/O thread that
 *       read them (an append is a memory copy into a pre-touched segment): no hand-off to a send
 *       thread and back; sends that may create a topic still go to the send threads</td></tr>
 *   <tr><td>pullInline</td><td>true</td><td>pulls of existing groups are served on the I/O thread that
 *       read them (in-memory checks, a consume-queue scan, records sent as mapped views); held
 *       pulls wake on the pull threads</td></tr>
 *   <tr><td>pullThreads</td><td>4</td><td>threads serving pulls</td></tr>
 *   <tr><td>pullQueueCapacity</td><td>100000</td><td>queued pulls before SYSTEM_BUSY</td></tr>
 *   <tr><td>clientThreads</td><td>2</td><td>threads for heartbeats, offsets, locks and client bookkeeping</td></tr>
 *   <tr><td>clientQueueCapacity</td><td>50000</td><td>queued client requests before SYSTEM_BUSY</td></tr>
 *   <tr><td>adminThreads</td><td>2</td><td>threads for admin and query requests</td></tr>
 *   <tr><td>adminQueueCapacity</td><td>2000</td><td>queued admin requests before SYSTEM_BUSY</td></tr>
 *   <tr><td>frameMaxBytes</td><td>16777216</td><td>largest accepted frame</td></tr>
 *   <tr><td>idleTimeoutMs</td><td>120000</td><td>idle connections are closed after this</td></tr>
 *   <tr><td>brokerRole</td><td>ASYNC_MASTER</td><td>ASYNC_MASTER, SYNC_MASTER (a send is answered once
 *       enough slaves have it) or SLAVE (copies its master's log; brokerId must then be &gt; 0, and a
 *       master's must be 0)</td></tr>
 *   <tr><td>haListenPort</td><td>-1</td><td>port a master serves replication on; -1 = listenPort + 1
 *       (0 when listenPort is 0: a free one)</td></tr>
 *   <tr><td>haMasterAddress</td><td>(empty)</td><td>a slave's master HA address {@code host:port};
 *       empty = learned from the name servers' registration answer</td></tr>
 *   <tr><td>slaveReadEnable</td><td>false</td><td>a master may suggest that consumers read from a
 *       caught-up slave when the data asked for is no longer in memory</td></tr>
 *   <tr><td>transactionTimeOut</td><td>6000</td><td>ms a half (prepared) transactional message waits
 *       for its producer's decision before the broker asks (check-back); 1..86400000</td></tr>
 *   <tr><td>transactionCheckMax</td><td>15</td><td>check-backs of one half message before it is moved
 *       to {@code TRANS_CHECK_MAX_TIME_TOPIC}; 1..1000</td></tr>
 *   <tr><td>transactionCheckInterval</td><td>60000</td><td>ms between check-back rounds (and between
 *       two checks of one message); 1..86400000</td></tr>
 *   <tr><td>partialFramesMaxBytes</td><td>0</td><td>bytes all connections together may hold in
 *       frames not yet fully arrived; past it a connection starting another is closed; 0 = a
 *       quarter of the JVM's max direct memory (never less than frameMaxBytes)</td></tr>
 *   <tr><td>frameDeadlineMs</td><td>30000</td><td>a frame must arrive whole within this long of its
 *       first byte or its connection is closed; 0 = no deadline</td></tr>
 *   <tr><td>enablePropertyFilter</td><td>true</td><td>serve SQL92 property filters (pulls,
 *       CHECK_CLIENT_CONFIG); false answers SQL92 subscriptions with SYSTEM_ERROR</td></tr>
 *   <tr><td>haSendHeartbeatInterval</td><td>5000</td><td>ms between a slave's offset reports (and a
 *       master's empty frames) when nothing else is sent</td></tr>
 *   <tr><td>haHousekeepingInterval</td><td>20000</td><td>a replication connection silent this long (ms) is closed</td></tr>
 *   <tr><td>haTransferBatchSize</td><td>32768</td><td>largest log chunk a master sends in one frame, bytes</td></tr>
 *   <tr><td>haMaxGapNotInSync</td><td>268435456</td><td>a slave this many bytes behind leaves the in-sync set</td></tr>
 *   <tr><td>haMaxTimeSlaveNotCatchup</td><td>15000</td><td>a slave that has not caught up (or not
 *       reported) for this long (ms) leaves the in-sync set</td></tr>
 *   <tr><td>syncFlushTimeout</td><td>5000</td><td>ms a SYNC_MASTER send waits for its slaves before
 *       FLUSH_SLAVE_TIMEOUT</td></tr>
 *   <tr><td>inSyncReplicas</td><td>1</td><td>replicas, the master counted, a SYNC_MASTER send should
 *       reach; at least 2 is used (see docs/replication.md)</td></tr>
 *   <tr><td>minInSyncReplicas</td><td>1</td><td>fewest replicas, the master counted, a SYNC_MASTER send
 *       may settle for when fewer are in sync; fewer still: SLAVE_NOT_AVAILABLE</td></tr>
 *   <tr><td>haSlavesMax</td><td>16</td><td>replication connections a master accepts at once</td></tr>
 *   <tr><td>accessMessageInMemoryMaxRatio</td><td>40</td><td>percent of physical memory: a pull reading
 *       further than this behind the end of the commit log is told to go to a slave (with
 *       slaveReadEnable)</td></tr>
 *   <tr><td>timerWheelEnable</td><td>true</td><td>messages with a delivery time ({@code TIMER_DELIVER_MS},
 *       {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS}) are held until then; false = refused</td></tr>
 *   <tr><td>timerPrecisionMs</td><td>1000</td><td>slot width of the timing wheel: a timer fires at most this
 *       long after its time, never before (10..60000, dividing a minute)</td></tr>
 *   <tr><td>timerMaxDelaySec</td><td>259200</td><td>longest delay accepted (3 days; up to 90 days)</td></tr>
 *   <tr><td>timerWheelWindowMs</td><td>60000</td><td>how far ahead timers are loaded into memory</td></tr>
 *   <tr><td>timerWheelEntriesMax</td><td>1000000</td><td>most timers held in memory; beyond it loading
 *       ahead stops and timers wait on disk</td></tr>
 *   <tr><td>enableControllerMode</td><td>false</td><td>the controller ({@code controllerAddr}) decides the
 *       master and the broker ids; {@code brokerRole} and {@code brokerId} are then only the starting
 *       point (see docs/controller.md)</td></tr>
 *   <tr><td>controllerAddr</td><td>(empty)</td><td>controller peers' remoting addresses, {@code
 *       host:port;host:port}; required in controller mode</td></tr>
 *   <tr><td>allAckInSyncStateSet</td><td>false</td><td>controller mode: a SYNC_MASTER send should wait for every
 *       member of the in-sync set (read; not acted on yet, see docs/controller.md)</td></tr>
 *   <tr><td>brokerHeartbeatInterval</td><td>1000</td><td>ms between heartbeats to every controller peer
 *       (100..10000)</td></tr>
 *   <tr><td>controllerHeartBeatTimeoutMills</td><td>10000</td><td>heartbeat timeout told to the controller;
 *       a master that reached no controller peer for this long stops accepting writes</td></tr>
 *   <tr><td>syncBrokerMetadataPeriod</td><td>5000</td><td>ms between replica-info polls of the controller
 *       leader (the fallback for a lost role notice)</td></tr>
 * </table>
 *
 * <p>The keys marked live ({@link #LIVE_KEYS}) can change while the broker runs (UPDATE_BROKER_CONFIG, {@code
 * mqadmin updateBrokerConfig}): the components that use them read a {@link LiveBrokerConfig} per
 * request. Such changes are saved to {@link RuntimeConfigFile} in the store root, never to the
 * config file, and win over it at the next start. Every other key needs a restart.
 */
public record BrokerConfig(
        String brokerClusterName,
        String brokerName,
        long brokerId,
        List<String> namesrvAddr,
        String listenHost,
        int listenPort,
        String brokerIP1,
        Path storePathRootDir,
        FlushMode flushDiskType,
        String commitLogWrites,
        int mappedFileSizeCommitLog,
        int fileReservedTime,
        int deleteWhen,
        int brokerPermission,
        boolean autoCreateTopicEnable,
        boolean autoCreateSubscriptionGroup,
        int defaultTopicQueueNums,
        int maxMessageSize,
        long registerNameServerPeriod,
        long registerTimeoutMs,
        boolean longPollingEnable,
        long shortPollingTimeMills,
        long flushConsumerOffsetInterval,
        String messageDelayLevel,
        long queueLockLeaseMs,
        long channelExpiredTimeout,
        int ioThreads,
        int sendThreads,
        int sendQueueCapacity,
        boolean sendInline,
        boolean pullInline,
        int pullThreads,
        int pullQueueCapacity,
        int clientThreads,
        int clientQueueCapacity,
        int adminThreads,
        int adminQueueCapacity,
        int frameMaxBytes,
        long idleTimeoutMs,
        BrokerRole brokerRole,
        int haListenPort,
        String haMasterAddress,
        boolean slaveReadEnable,
        long transactionTimeOut,
        int transactionCheckMax,
        long transactionCheckInterval,
        long partialFramesMaxBytes,
        long frameDeadlineMs,
        boolean enablePropertyFilter,
        int haSendHeartbeatInterval,
        int haHousekeepingInterval,
        int haTransferBatchSize,
        long haMaxGapNotInSync,
        long haMaxTimeSlaveNotCatchup,
        long syncFlushTimeout,
        int inSyncReplicas,
        int minInSyncReplicas,
        int haSlavesMax,
        int accessMessageInMemoryMaxRatio,
        boolean timerWheelEnable,
        int timerPrecisionMs,
        int timerMaxDelaySec,
        long timerWheelWindowMs,
        int timerWheelEntriesMax,
        boolean enableControllerMode,
        List<String> controllerAddr,
        boolean allAckInSyncStateSet,
        int brokerHeartbeatInterval,
        long controllerHeartBeatTimeoutMills,
        long syncBrokerMetadataPeriod) {

    /** Keys UPDATE_BROKER_CONFIG may change while the broker runs. */
    public static final Set<String> LIVE_KEYS = Set.of(
            "brokerPermission",
            "autoCreateTopicEnable",
            "autoCreateSubscriptionGroup",
            "maxMessageSize",
            "longPollingEnable",
            "shortPollingTimeMills",
            "fileReservedTime",
            "deleteWhen");

    public BrokerConfig {
        namesrvAddr = List.copyOf(namesrvAddr);
        require(!brokerClusterName.isBlank(), "brokerClusterName", "must not be blank");
        require(brokerName.matches("[%|a-zA-Z0-9_-]{1,127}"), "brokerName", "must be 1..127 of [%|a-zA-Z0-9_-]");
        require(brokerId >= 0, "brokerId", "must not be negative: " + brokerId);
        require(
                commitLogWrites.equals("AUTO") || commitLogWritesMode(commitLogWrites) != null,
                "commitLogWrites",
                "must be AUTO, MAPPED, CHANNEL or STAGED: '" + commitLogWrites + "'");
        require(
                !commitLogWrites.equals("STAGED") || flushDiskType == FlushMode.SYNC,
                "commitLogWrites",
                "STAGED needs flushDiskType SYNC_FLUSH");
        require(listenPort >= 0 && listenPort <= 65_535, "listenPort", "must be 0..65535: " + listenPort);
        require(
                mappedFileSizeCommitLog >= 1 << 20,
                "mappedFileSizeCommitLog",
                "must be at least 1 MiB: " + mappedFileSizeCommitLog);
        require(fileReservedTime >= 1, "fileReservedTime", "must be at least 1 hour");
        require(deleteWhen >= 0 && deleteWhen <= 23, "deleteWhen", "must be an hour 0..23: " + deleteWhen);
        require(brokerPermission >= 0 && brokerPermission <= 15, "brokerPermission", "must be 0..15");
        require(
                defaultTopicQueueNums >= 1 && defaultTopicQueueNums <= 1024,
                "defaultTopicQueueNums",
                "must be 1..1024: " + defaultTopicQueueNums);
        require(
                maxMessageSize >= 1024 && maxMessageSize <= 64 << 20,
                "maxMessageSize",
                "must be 1 KiB..64 MiB: " + maxMessageSize);
        require(
                frameMaxBytes >= maxMessageSize + 64 * 1024,
                "frameMaxBytes",
                "must exceed maxMessageSize by at least 64 KiB for headers and batches");
        require(
                registerNameServerPeriod >= 1_000 && registerNameServerPeriod <= 60_000,
                "registerNameServerPeriod",
                "must be 1000..60000 ms");
        require(registerTimeoutMs >= 100, "registerTimeoutMs", "must be at least 100 ms");
        require(shortPollingTimeMills >= 0, "shortPollingTimeMills", "must not be negative");
        require(flushConsumerOffsetInterval >= 100, "flushConsumerOffsetInterval", "must be at least 100 ms");
        require(queueLockLeaseMs >= 1_000, "queueLockLeaseMs", "must be at least 1000 ms");
        require(channelExpiredTimeout >= 1_000, "channelExpiredTimeout", "must be at least 1000 ms");
        for (String[] threads : new String[][] {
            {"ioThreads", "" + ioThreads},
            {"sendThreads", "" + sendThreads},
            {"pullThreads", "" + pullThreads},
            {"clientThreads", "" + clientThreads},
            {"adminThreads", "" + adminThreads}
        }) {
            int n = Integer.parseInt(threads[1]);
            require(n >= 1 && n <= 256, threads[0], "must be 1..256: " + n);
        }
        for (String[] queue : new String[][] {
            {"sendQueueCapacity", "" + sendQueueCapacity},
            {"pullQueueCapacity", "" + pullQueueCapacity},
            {"clientQueueCapacity", "" + clientQueueCapacity},
            {"adminQueueCapacity", "" + adminQueueCapacity}
        }) {
            int n = Integer.parseInt(queue[1]);
            require(n >= 1 && n <= 1_000_000, queue[0], "must be 1..1000000: " + n);
        }
        require(idleTimeoutMs >= 0, "idleTimeoutMs", "must not be negative");
        require(
                !enableControllerMode || !controllerAddr.isEmpty(),
                "controllerAddr",
                "must name at least one controller (host:port;host:port) when enableControllerMode=true");
        require(
                brokerHeartbeatInterval >= 100 && brokerHeartbeatInterval <= 10_000,
                "brokerHeartbeatInterval",
                "must be 100..10000: " + brokerHeartbeatInterval);
        require(
                controllerHeartBeatTimeoutMills >= 1_000 && controllerHeartBeatTimeoutMills <= 600_000,
                "controllerHeartBeatTimeoutMills",
                "must be 1000..600000: " + controllerHeartBeatTimeoutMills);
        require(
                syncBrokerMetadataPeriod >= 100 && syncBrokerMetadataPeriod <= 600_000,
                "syncBrokerMetadataPeriod",
                "must be 100..600000: " + syncBrokerMetadataPeriod);
        require(
                enableControllerMode || (brokerRole == BrokerRole.SLAVE ? brokerId > 0 : brokerId == 0),
                "brokerId",
                brokerRole == BrokerRole.SLAVE
                        ? "must be at least 1 for a SLAVE: " + brokerId
                        : "must be 0 for a master (brokerRole " + brokerRole + "): " + brokerId);
        require(haListenPort >= -1 && haListenPort <= 65_535, "haListenPort", "must be -1..65535: " + haListenPort);
        require(
                haMasterAddress.isEmpty() || haMasterAddress.matches("[^:\\s]+:\\d{1,5}"),
                "haMasterAddress",
                "must be host:port: '" + haMasterAddress + "'");
        require(
                transactionTimeOut >= 1 && transactionTimeOut <= 86_400_000L,
                "transactionTimeOut",
                "must be 1..86400000 ms: " + transactionTimeOut);
        require(
                transactionCheckMax >= 1 && transactionCheckMax <= 1_000,
                "transactionCheckMax",
                "must be 1..1000: " + transactionCheckMax);
        require(
                transactionCheckInterval >= 1 && transactionCheckInterval <= 86_400_000L,
                "transactionCheckInterval",
                "must be 1..86400000 ms: " + transactionCheckInterval);
        require(partialFramesMaxBytes >= 0, "partialFramesMaxBytes", "must not be negative (0 = default)");
        require(frameDeadlineMs >= 0, "frameDeadlineMs", "must not be negative (0 = none)");
        require(
                haSendHeartbeatInterval >= 100 && haSendHeartbeatInterval <= 600_000,
                "haSendHeartbeatInterval",
                "must be 100..600000 ms: " + haSendHeartbeatInterval);
        require(
                haHousekeepingInterval > haSendHeartbeatInterval,
                "haHousekeepingInterval",
                "must exceed haSendHeartbeatInterval: " + haHousekeepingInterval);
        require(
                haTransferBatchSize >= 1024 && haTransferBatchSize <= 4 << 20,
                "haTransferBatchSize",
                "must be 1 KiB..4 MiB: " + haTransferBatchSize);
        require(haMaxGapNotInSync >= 1, "haMaxGapNotInSync", "must be positive: " + haMaxGapNotInSync);
        require(haMaxTimeSlaveNotCatchup >= 100, "haMaxTimeSlaveNotCatchup", "must be at least 100 ms");
        require(syncFlushTimeout >= 1, "syncFlushTimeout", "must be positive: " + syncFlushTimeout);
        require(inSyncReplicas >= 1 && inSyncReplicas <= 64, "inSyncReplicas", "must be 1..64: " + inSyncReplicas);
        require(
                minInSyncReplicas >= 1 && minInSyncReplicas <= inSyncReplicas,
                "minInSyncReplicas",
                "must be 1..inSyncReplicas: " + minInSyncReplicas);
        require(haSlavesMax >= 1 && haSlavesMax <= 64, "haSlavesMax", "must be 1..64: " + haSlavesMax);
        require(
                accessMessageInMemoryMaxRatio >= 0 && accessMessageInMemoryMaxRatio <= 100,
                "accessMessageInMemoryMaxRatio",
                "must be 0..100: " + accessMessageInMemoryMaxRatio);
        DelayLevels.parse(messageDelayLevel); // validates
        require(
                timerPrecisionMs >= 10 && timerPrecisionMs <= 60_000 && 60_000 % timerPrecisionMs == 0,
                "timerPrecisionMs",
                "must be 10..60000 ms and divide a minute: " + timerPrecisionMs);
        require(
                timerMaxDelaySec >= 1 && timerMaxDelaySec <= 90 * 86_400,
                "timerMaxDelaySec",
                "must be 1..7776000 (90 days): " + timerMaxDelaySec);
        require(
                timerWheelWindowMs >= timerPrecisionMs && timerWheelWindowMs <= 3_600_000,
                "timerWheelWindowMs",
                "must be timerPrecisionMs..3600000: " + timerWheelWindowMs);
        require(
                timerWheelEntriesMax >= 1_000 && timerWheelEntriesMax <= 50_000_000,
                "timerWheelEntriesMax",
                "must be 1000..50000000: " + timerWheelEntriesMax);
    }

    public static BrokerConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Builds from properties; keys absent take their defaults; unknown keys are an error. */
    public static BrokerConfig fromProperties(Properties props) {
        ConfigReader r = new ConfigReader("broker config", DEFAULTS, props);
        return new BrokerConfig(
                r.string("brokerClusterName"),
                r.string("brokerName"),
                r.longValue("brokerId"),
                splitAddresses(r.string("namesrvAddr")),
                r.string("listenHost"),
                r.integer("listenPort"),
                r.string("brokerIP1"),
                Path.of(r.string("storePathRootDir")),
                flushMode(r.string("flushDiskType")),
                r.string("commitLogWrites").toUpperCase(java.util.Locale.ROOT),
                r.integer("mappedFileSizeCommitLog"),
                r.integer("fileReservedTime"),
                r.integer("deleteWhen"),
                r.integer("brokerPermission"),
                r.bool("autoCreateTopicEnable"),
                r.bool("autoCreateSubscriptionGroup"),
                r.integer("defaultTopicQueueNums"),
                r.integer("maxMessageSize"),
                r.longValue("registerNameServerPeriod"),
                r.longValue("registerTimeoutMs"),
                r.bool("longPollingEnable"),
                r.longValue("shortPollingTimeMills"),
                r.longValue("flushConsumerOffsetInterval"),
                r.string("messageDelayLevel"),
                r.longValue("queueLockLeaseMs"),
                r.longValue("channelExpiredTimeout"),
                r.integer("ioThreads"),
                r.integer("sendThreads"),
                r.integer("sendQueueCapacity"),
                r.bool("sendInline"),
                r.bool("pullInline"),
                r.integer("pullThreads"),
                r.integer("pullQueueCapacity"),
                r.integer("clientThreads"),
                r.integer("clientQueueCapacity"),
                r.integer("adminThreads"),
                r.integer("adminQueueCapacity"),
                r.integer("frameMaxBytes"),
                r.longValue("idleTimeoutMs"),
                BrokerRole.parse(r.string("brokerRole")),
                r.integer("haListenPort"),
                r.string("haMasterAddress").trim(),
                r.bool("slaveReadEnable"),
                r.longValue("transactionTimeOut"),
                r.integer("transactionCheckMax"),
                r.longValue("transactionCheckInterval"),
                r.longValue("partialFramesMaxBytes"),
                r.longValue("frameDeadlineMs"),
                r.bool("enablePropertyFilter"),
                r.integer("haSendHeartbeatInterval"),
                r.integer("haHousekeepingInterval"),
                r.integer("haTransferBatchSize"),
                r.longValue("haMaxGapNotInSync"),
                r.longValue("haMaxTimeSlaveNotCatchup"),
                r.longValue("syncFlushTimeout"),
                r.integer("inSyncReplicas"),
                r.integer("minInSyncReplicas"),
                r.integer("haSlavesMax"),
                r.integer("accessMessageInMemoryMaxRatio"),
                r.bool("timerWheelEnable"),
                r.integer("timerPrecisionMs"),
                r.integer("timerMaxDelaySec"),
                r.longValue("timerWheelWindowMs"),
                r.integer("timerWheelEntriesMax"),
                r.bool("enableControllerMode"),
                splitAddresses(r.string("controllerAddr")),
                r.bool("allAckInSyncStateSet"),
                r.integer("brokerHeartbeatInterval"),
                r.longValue("controllerHeartBeatTimeoutMills"),
                r.longValue("syncBrokerMetadataPeriod"));
    }

    /** Every key with its current value, in table order. */
    public Properties toProperties() {
        Properties props = new Properties();
        GETTERS.forEach((key, getter) -> props.setProperty(key, format(getter.apply(this))));
        return props;
    }

    /** {@code key=value} lines in table order (what GET_BROKER_CONFIG answers). */
    public String toPropertiesText() {
        StringBuilder sb = new StringBuilder();
        GETTERS.forEach((key, getter) ->
                sb.append(key).append('=').append(format(getter.apply(this))).append('\n'));
        return sb.toString();
    }

    /** A copy with some keys replaced, validated as in {@link #fromProperties}. */
    public BrokerConfig with(Properties changes) {
        Properties merged = toProperties();
        merged.putAll(changes);
        return fromProperties(merged);
    }

    /** A copy with one key replaced. */
    public BrokerConfig with(String key, Object value) {
        Properties changes = new Properties();
        changes.setProperty(key, String.valueOf(value));
        return with(changes);
    }

    /** The keys whose values differ between this config and {@code other}, in table order. */
    public Set<String> differingKeys(BrokerConfig other) {
        Set<String> keys = new LinkedHashSet<>();
        GETTERS.forEach((key, getter) -> {
            if (!format(getter.apply(this)).equals(format(getter.apply(other)))) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** {@code fileReservedTime} in ms. */
    public long fileReservedMs() {
        return fileReservedTime * 3_600_000L;
    }

    /** The delay of each level in ms, level 1 first. */
    public long[] delayLevelsMs() {
        return DelayLevels.parse(messageDelayLevel);
    }

    /** Whether this broker is a master (role ASYNC_MASTER or SYNC_MASTER, id 0). */
    public boolean isMaster() {
        return brokerRole != BrokerRole.SLAVE;
    }

    /** The port replication is served on: {@code haListenPort}, or listenPort + 1 when it is -1. */
    public int effectiveHaListenPort() {
        if (haListenPort >= 0) {
            return haListenPort;
        }
        return listenPort == 0 ? 0 : Math.min(listenPort + 1, 65_535);
    }

    public Path configDir() {
        return storePathRootDir.resolve("config");
    }

    /** The keys with their defaults, in table order. */
    public static Map<String, String> defaultValues() {
        return Collections.unmodifiableMap(DEFAULTS);
    }

    private static String format(Object value) {
        if (value instanceof List<?> list) {
            return String.join(";", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof FlushMode mode) {
            return mode == FlushMode.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH";
        }
        return String.valueOf(value);
    }

    private static List<String> splitAddresses(String text) {
        return Arrays.stream(text.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The store's mode for {@code commitLogWrites}; null for AUTO (the store chooses by flush mode). */
    public StoreConfig.CommitLogWrites commitLogWritesMode() {
        return commitLogWritesMode(commitLogWrites);
    }

    private static StoreConfig.CommitLogWrites commitLogWritesMode(String text) {
        for (StoreConfig.CommitLogWrites w : StoreConfig.CommitLogWrites.values()) {
            if (w.name().equals(text)) {
                return w;
            }
        }
        return null;
    }

    private static FlushMode flushMode(String text) {
        return switch (text.toUpperCase(java.util.Locale.ROOT)) {
            case "ASYNC_FLUSH", "ASYNC" -> FlushMode.ASYNC;
            case "SYNC_FLUSH", "SYNC" -> FlushMode.SYNC;
            default ->
                throw new IllegalArgumentException(
                        "broker config 'flushDiskType' must be ASYNC_FLUSH or SYNC_FLUSH: '" + text + "'");
        };
    }

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    private static final Map<String, Function<BrokerConfig, Object>> GETTERS = new LinkedHashMap<>();

    static {
        key("brokerClusterName", "DefaultCluster", BrokerConfig::brokerClusterName);
        key("brokerName", "broker-a", BrokerConfig::brokerName);
        key("brokerId", "0", BrokerConfig::brokerId);
        key("namesrvAddr", "", BrokerConfig::namesrvAddr);
        key("listenHost", "0.0.0.0", BrokerConfig::listenHost);
        key("listenPort", "10911", BrokerConfig::listenPort);
        key("brokerIP1", "", BrokerConfig::brokerIP1);
        key(
                "storePathRootDir",
                Path.of(System.getProperty("user.home"), "skiff", "store").toString(),
                BrokerConfig::storePathRootDir);
        key("flushDiskType", "ASYNC_FLUSH", BrokerConfig::flushDiskType);
        key("commitLogWrites", "AUTO", BrokerConfig::commitLogWrites);
        key("mappedFileSizeCommitLog", Integer.toString(1 << 30), BrokerConfig::mappedFileSizeCommitLog);
        key("fileReservedTime", "72", BrokerConfig::fileReservedTime);
        key("deleteWhen", "4", BrokerConfig::deleteWhen);
        key("brokerPermission", "6", BrokerConfig::brokerPermission);
        key("autoCreateTopicEnable", "true", BrokerConfig::autoCreateTopicEnable);
        key("autoCreateSubscriptionGroup", "true", BrokerConfig::autoCreateSubscriptionGroup);
        key("defaultTopicQueueNums", "4", BrokerConfig::defaultTopicQueueNums);
        key("maxMessageSize", Integer.toString(4 << 20), BrokerConfig::maxMessageSize);
        key("registerNameServerPeriod", "30000", BrokerConfig::registerNameServerPeriod);
        key("registerTimeoutMs", "6000", BrokerConfig::registerTimeoutMs);
        key("longPollingEnable", "true", BrokerConfig::longPollingEnable);
        key("shortPollingTimeMills", "1000", BrokerConfig::shortPollingTimeMills);
        key("flushConsumerOffsetInterval", "5000", BrokerConfig::flushConsumerOffsetInterval);
        key("messageDelayLevel", DelayLevels.DEFAULT, BrokerConfig::messageDelayLevel);
        key("queueLockLeaseMs", "60000", BrokerConfig::queueLockLeaseMs);
        key("channelExpiredTimeout", "120000", BrokerConfig::channelExpiredTimeout);
        key("ioThreads", "2", BrokerConfig::ioThreads);
        key("sendThreads", "2", BrokerConfig::sendThreads);
        key("sendQueueCapacity", "10000", BrokerConfig::sendQueueCapacity);
        key("sendInline", "true", BrokerConfig::sendInline);
        key("pullInline", "true", BrokerConfig::pullInline);
        key("pullThreads", "4", BrokerConfig::pullThreads);
        key("pullQueueCapacity", "100000", BrokerConfig::pullQueueCapacity);
        key("clientThreads", "2", BrokerConfig::clientThreads);
        key("clientQueueCapacity", "50000", BrokerConfig::clientQueueCapacity);
        key("adminThreads", "2", BrokerConfig::adminThreads);
        key("adminQueueCapacity", "2000", BrokerConfig::adminQueueCapacity);
        key("frameMaxBytes", Integer.toString(16 << 20), BrokerConfig::frameMaxBytes);
        key("idleTimeoutMs", "120000", BrokerConfig::idleTimeoutMs);
        key("brokerRole", "ASYNC_MASTER", BrokerConfig::brokerRole);
        key("haListenPort", "-1", BrokerConfig::haListenPort);
        key("haMasterAddress", "", BrokerConfig::haMasterAddress);
        key("slaveReadEnable", "false", BrokerConfig::slaveReadEnable);
        key("transactionTimeOut", "6000", BrokerConfig::transactionTimeOut);
        key("transactionCheckMax", "15", BrokerConfig::transactionCheckMax);
        key("transactionCheckInterval", "60000", BrokerConfig::transactionCheckInterval);
        key("partialFramesMaxBytes", "0", BrokerConfig::partialFramesMaxBytes);
        key("frameDeadlineMs", "30000", BrokerConfig::frameDeadlineMs);
        key("enablePropertyFilter", "true", BrokerConfig::enablePropertyFilter);
        key("haSendHeartbeatInterval", "5000", BrokerConfig::haSendHeartbeatInterval);
        key("haHousekeepingInterval", "20000", BrokerConfig::haHousekeepingInterval);
        key("haTransferBatchSize", "32768", BrokerConfig::haTransferBatchSize);
        key("haMaxGapNotInSync", Integer.toString(256 << 20), BrokerConfig::haMaxGapNotInSync);
        key("haMaxTimeSlaveNotCatchup", "15000", BrokerConfig::haMaxTimeSlaveNotCatchup);
        key("syncFlushTimeout", "5000", BrokerConfig::syncFlushTimeout);
        key("inSyncReplicas", "1", BrokerConfig::inSyncReplicas);
        key("minInSyncReplicas", "1", BrokerConfig::minInSyncReplicas);
        key("haSlavesMax", "16", BrokerConfig::haSlavesMax);
        key("accessMessageInMemoryMaxRatio", "40", BrokerConfig::accessMessageInMemoryMaxRatio);
        key("timerWheelEnable", "true", BrokerConfig::timerWheelEnable);
        key("timerPrecisionMs", "1000", BrokerConfig::timerPrecisionMs);
        key("timerMaxDelaySec", "259200", BrokerConfig::timerMaxDelaySec);
        key("timerWheelWindowMs", "60000", BrokerConfig::timerWheelWindowMs);
        key("timerWheelEntriesMax", "1000000", BrokerConfig::timerWheelEntriesMax);
        key("enableControllerMode", "false", BrokerConfig::enableControllerMode);
        key("controllerAddr", "", BrokerConfig::controllerAddr);
        key("allAckInSyncStateSet", "false", BrokerConfig::allAckInSyncStateSet);
        key("brokerHeartbeatInterval", "1000", BrokerConfig::brokerHeartbeatInterval);
        key("controllerHeartBeatTimeoutMills", "10000", BrokerConfig::controllerHeartBeatTimeoutMills);
        key("syncBrokerMetadataPeriod", "5000", BrokerConfig::syncBrokerMetadataPeriod);
    }

    private static void key(String name, String defaultValue, Function<BrokerConfig, Object> getter) {
        DEFAULTS.put(name, defaultValue);
        GETTERS.put(name, getter);
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("broker config '" + key + "' " + problem);
        }
    }
}
