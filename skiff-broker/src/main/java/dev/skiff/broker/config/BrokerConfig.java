package dev.skiff.broker.config;

import dev.skiff.common.config.ConfigBinder;
import dev.skiff.common.config.ConfigKeys;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.TlsSettings;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreConfig.FlushMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Every setting of one broker. Keys shared with the official broker keep its names, so an
 * existing {@code broker.conf} carries over for the keys Skiff knows; unknown keys are rejected
 * with a message that names them. Built with {@link #fromProperties}; immutable.
 *
 * <p>Each key is declared once, with its type, default, bounds, doc and live flag, in {@link
 * BrokerConfigKeys}; {@code docs/configuration.md} holds the table generated from there. The
 * record's components follow the keys one to one (same names, same order), and the constructor
 * holds the rules that tie two keys together.
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
        String metricsExporterType,
        String metricsPromExporterHost,
        int metricsPromExporterPort,
        boolean enableControllerMode,
        List<String> controllerAddr,
        boolean allAckInSyncStateSet,
        int brokerHeartbeatInterval,
        long controllerHeartBeatTimeoutMills,
        long syncBrokerMetadataPeriod,
        int timerCongestNumEachSlot,
        boolean haTlsEnable,
        String haSlaveAllowList,
        long controllerLeaseMarginMills,
        TlsSettings.Mode tlsServerMode,
        boolean tlsTestModeEnable,
        String tlsConfigFile,
        String tlsServerNeedClientAuth,
        String tlsServerCertPath,
        String tlsServerKeyPath,
        boolean tlsServerAuthClient,
        String tlsServerTrustCertPath,
        boolean tlsEnable,
        String tlsClientCertPath,
        String tlsClientKeyPath,
        boolean tlsClientAuthServer,
        String tlsClientTrustCertPath,
        boolean authenticationEnabled,
        boolean authorizationEnabled,
        String initAuthenticationUser,
        String innerClientAuthenticationCredentials,
        String authenticationWhitelist,
        String authorizationWhitelist)
        implements dev.skiff.remoting.ServerTransportKeys {

    /** Keys UPDATE_BROKER_CONFIG may change while the broker runs. */
    public static final Set<String> LIVE_KEYS = BrokerConfigKeys.KEYS.liveNames();

    /** Rules between keys; each key's own bounds were checked by the binder. */
    public BrokerConfig {
        namesrvAddr = List.copyOf(namesrvAddr);
        require(
                !commitLogWrites.equals("STAGED") || flushDiskType == FlushMode.SYNC,
                "commitLogWrites",
                "STAGED needs flushDiskType SYNC_FLUSH");
        require(
                frameMaxBytes >= maxMessageSize + 64 * 1024,
                "frameMaxBytes",
                "must exceed maxMessageSize by at least 64 KiB for headers and batches");
        require(
                !enableControllerMode || !controllerAddr.isEmpty(),
                "controllerAddr",
                "must name at least one controller (host:port;host:port) when enableControllerMode=true");
        require(
                enableControllerMode || (brokerRole == BrokerRole.SLAVE ? brokerId > 0 : brokerId == 0),
                "brokerId",
                brokerRole == BrokerRole.SLAVE
                        ? "must be at least 1 for a SLAVE: " + brokerId
                        : "must be 0 for a master (brokerRole " + brokerRole + "): " + brokerId);
        require(
                haHousekeepingInterval > haSendHeartbeatInterval,
                "haHousekeepingInterval",
                "must exceed haSendHeartbeatInterval: " + haHousekeepingInterval);
        require(
                minInSyncReplicas <= inSyncReplicas,
                "minInSyncReplicas",
                "must be 1..inSyncReplicas: " + minInSyncReplicas);
        require(
                timerWheelWindowMs >= timerPrecisionMs,
                "timerWheelWindowMs",
                "must be timerPrecisionMs..3600000: " + timerWheelWindowMs);
    }

    public static BrokerConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Builds from properties; keys absent take their defaults; unknown keys are an error. */
    public static BrokerConfig fromProperties(Properties props) {
        return BINDER.bind(props);
    }

    /** The TLS keys (and the {@code tls.config.file} they name) read as {@link TlsOptions}. */
    @Override
    public TlsOptions tlsOptions() {
        return TlsOptions.fromProperties(toProperties());
    }

    /** Every key with its current value, in table order. */
    public Properties toProperties() {
        return BINDER.toProperties(this);
    }

    /** {@code key=value} lines in table order (what GET_BROKER_CONFIG answers); secrets are masked. */
    public String toPropertiesText() {
        return dev.skiff.auth.AuthSettings.maskSecrets(BINDER.toText(this));
    }

    /** The auth keys parsed (an error names the key). */
    public dev.skiff.auth.AuthSettings authSettings() {
        return dev.skiff.auth.AuthOptions.fromProperties(toProperties());
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
        return BINDER.differingKeys(this, other);
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
        return BrokerConfigKeys.KEYS.defaultValues();
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

    private static final ConfigBinder<BrokerConfig> BINDER = ConfigBinder.of(BrokerConfig.class, BrokerConfigKeys.KEYS);

    /** The key descriptors, in table order. */
    public static ConfigKeys keys() {
        return BrokerConfigKeys.KEYS;
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("broker config '" + key + "' " + problem);
        }
    }
}
