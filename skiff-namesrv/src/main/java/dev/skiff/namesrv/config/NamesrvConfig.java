package dev.skiff.namesrv.config;

import dev.skiff.common.config.ConfigBinder;
import dev.skiff.common.config.ConfigKeys;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Every setting of the name server. Built from Java properties with {@link #fromProperties};
 * unknown keys and bad values are rejected with a message naming the key.
 *
 * <p>Each key is declared once, with its type, default, bounds, doc and live flag, in {@link
 * NamesrvConfigKeys}; {@code docs/configuration.md} holds the table generated from there. The
 * record's components follow the keys one to one (same names, same order).
 *
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
        int metricsPromExporterPort,
        TlsSettings.Mode tlsServerMode,
        boolean tlsTestModeEnable,
        String tlsConfigFile,
        String tlsServerNeedClientAuth,
        String tlsServerCertPath,
        String tlsServerKeyPath,
        boolean tlsServerAuthClient,
        String tlsServerTrustCertPath,
        boolean authenticationEnabled,
        boolean authorizationEnabled,
        String initAuthenticationUser,
        String innerClientAuthenticationCredentials,
        String authenticationWhitelist,
        String authorizationWhitelist)
        implements dev.skiff.remoting.ServerTransportKeys {

    /** Keys UPDATE_NAMESRV_CONFIG may change while running. */
    public static final Set<String> DYNAMIC_KEYS = NamesrvConfigKeys.KEYS.liveNames();

    public static NamesrvConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Builds from properties; keys absent take their defaults. */
    public static NamesrvConfig fromProperties(Properties props) {
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

    /** The {@code key=value} lines GET_NAMESRV_CONFIG answers with, in table order. */
    public String toPropertiesText() {
        return dev.skiff.auth.AuthSettings.maskSecrets(BINDER.toText(this)); // secrets as ***
    }

    /** The auth keys parsed (an error names the key). */
    public dev.skiff.auth.AuthSettings authSettings() {
        return dev.skiff.auth.AuthOptions.fromProperties(toProperties());
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

    private static final ConfigBinder<NamesrvConfig> BINDER =
            ConfigBinder.of(NamesrvConfig.class, NamesrvConfigKeys.KEYS);

    /** The key descriptors, in table order. */
    public static ConfigKeys keys() {
        return NamesrvConfigKeys.KEYS;
    }

    /** The keys with their defaults, in table order. */
    public static Map<String, String> defaultValues() {
        return NamesrvConfigKeys.KEYS.defaultValues();
    }
}
