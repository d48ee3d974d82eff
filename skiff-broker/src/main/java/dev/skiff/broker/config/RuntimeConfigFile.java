package dev.skiff.broker.config;

import dev.skiff.common.io.AtomicFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker config keys changed at run time (UPDATE_BROKER_CONFIG), kept in {@code {store
 * root}/config/broker-runtime.properties} so that they survive a restart. The user's config file
 * is never rewritten: this file sits beside the broker's other state files and holds only the
 * {@link BrokerConfig#LIVE_KEYS} whose run-time value differs from the <em>configured</em> one (the
 * config file and command line over the defaults).
 *
 * <p>Format: Java properties text, ASCII, one {@code key=value} line per key in the order of the
 * {@link BrokerConfig} table, after a {@code #} header saying what the file is. Written whole
 * through {@link AtomicFile} (temp file, fsync, rename; the previous version kept as {@code .bak}).
 *
 * <p>At start ({@link #applyTo}) its values win over the configured ones. A key that cannot change
 * at run time is ignored with a warning; a bad value fails the start with a message naming this
 * file and the key, validated as the config file is. Each {@link #save} rewrites the file from the
 * config now, so a key set back to its configured value leaves the file, as do ignored keys.
 */
public final class RuntimeConfigFile {
    private static final Logger log = LoggerFactory.getLogger(RuntimeConfigFile.class);
    public static final String FILE_NAME = "broker-runtime.properties";
    static final String HEADER = """
            # Skiff broker: config keys changed at run time (mqadmin updateBrokerConfig).
            # Written by the broker; read at start after the config file, whose values these win over.
            # Holds only keys whose run-time value differs from the config file's (or the default).
            # To go back to the config file's value, set the key to that value at run time, or delete
            # its line here while the broker is stopped.
            """;

    private final AtomicFile file;
    private final BrokerConfig configured;

    /**
     * @param configured the config from the config file, command line and defaults, without this
     *     file's values: what a key set back at run time is compared with
     */
    public RuntimeConfigFile(Path path, BrokerConfig configured) {
        this.file = new AtomicFile(path);
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    /** The file in {@code configured}'s store root. */
    public static RuntimeConfigFile of(BrokerConfig configured) {
        return new RuntimeConfigFile(configured.configDir().resolve(FILE_NAME), configured);
    }

    public Path path() {
        return file.path();
    }

    /**
     * The configured config with this file's values over it; logs each value it applies.
     *
     * @param configuredKeys the keys the config file (or command line) set; an override of one of
     *     them with a different value is logged as a warning
     * @throws IllegalArgumentException naming this file and the key, for a value that does not
     *     validate or text that is not properties
     */
    public BrokerConfig applyTo(Set<String> configuredKeys) throws IOException {
        Properties saved = read();
        Properties configuredValues = configured.toProperties();
        BrokerConfig result = configured;
        for (String key : BrokerConfig.defaultValues().keySet()) {
            String value = saved.getProperty(key);
            if (value == null || !BrokerConfig.LIVE_KEYS.contains(key)) {
                continue;
            }
            try {
                result = result.with(key, value.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "run-time config file " + path() + ", key '" + key + "': " + e.getMessage(), e);
            }
            String applied = result.toProperties().getProperty(key);
            log.info("broker config {}={} from the run-time config file {}", key, applied, path());
            String configuredValue = configuredValues.getProperty(key);
            if (configuredKeys.contains(key) && !configuredValue.equals(applied)) {
                log.warn(
                        "broker config '{}' is {} in the config file, but the run-time value {} from {} wins; to go"
                                + " back, set it to {} at run time (mqadmin updateBrokerConfig) or delete its line"
                                + " from {} while the broker is stopped",
                        key,
                        configuredValue,
                        applied,
                        path(),
                        configuredValue,
                        path());
            }
        }
        warnIgnored(saved);
        return result;
    }

    /**
     * Rewrites the file with the live keys whose value in {@code current} differs from the
     * configured one (possibly none: the header alone).
     */
    public void save(BrokerConfig current) throws IOException {
        Properties now = current.toProperties();
        Properties base = configured.toProperties();
        StringBuilder text = new StringBuilder(HEADER);
        for (String key : BrokerConfig.defaultValues().keySet()) {
            if (BrokerConfig.LIVE_KEYS.contains(key) && !now.getProperty(key).equals(base.getProperty(key))) {
                text.append(key).append('=').append(now.getProperty(key)).append('\n');
            }
        }
        file.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The keys and values in the file; empty when there is none. */
    Properties read() throws IOException {
        byte[] content = file.read();
        Properties props = new Properties();
        if (content == null) {
            return props;
        }
        if (!Files.exists(file.path())) {
            log.warn(
                    "run-time config file {} is missing; using its backup {} (a stop between its two renames)",
                    path(),
                    file.backupPath());
        }
        try {
            props.load(new ByteArrayInputStream(content));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "run-time config file " + path() + " is not properties text: " + e.getMessage(), e);
        }
        return props;
    }

    private void warnIgnored(Properties saved) {
        Set<String> ignored = new TreeSet<>(saved.stringPropertyNames());
        ignored.removeAll(BrokerConfig.LIVE_KEYS);
        for (String key : ignored) {
            log.warn(
                    "run-time config file {}: key '{}' is ignored, as only keys changeable at run time {} are"
                            + " honoured there; set it in the config file instead (the line goes at the next"
                            + " run-time change)",
                    path(),
                    key,
                    new TreeSet<>(BrokerConfig.LIVE_KEYS));
        }
    }
}
