package dev.skiff.console;

import dev.skiff.common.config.ConfigBinder;
import dev.skiff.common.config.ConfigKeys;
import java.util.List;
import java.util.Properties;

/**
 * The console's settings, one component per key of {@link ConsoleConfigKeys} in the same order
 * (documented in {@code docs/console.md}). Immutable; validated when built.
 */
public record ConsoleConfig(
        List<String> namesrvAddr,
        String consoleListenHost,
        int consoleListenPort,
        boolean consoleWriteEnabled,
        long consoleRpcTimeoutMs,
        int consolePageSizeMax,
        int consoleBrokersMax,
        int consoleMessagesMax,
        int consoleBodyShownMaxBytes,
        int consoleRequestBodyMaxBytes,
        int consoleHttpThreads,
        int consoleHttpQueueCapacity) {

    private static final ConfigBinder<ConsoleConfig> BINDER =
            ConfigBinder.of(ConsoleConfig.class, ConsoleConfigKeys.KEYS);

    public ConsoleConfig {
        namesrvAddr = List.copyOf(namesrvAddr);
    }

    public static ConsoleConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Builds from properties; keys absent take their defaults; bad values throw IllegalArgumentException. */
    public static ConsoleConfig fromProperties(Properties props) {
        return BINDER.bind(props);
    }

    /** A copy with some keys replaced, validated as {@link #fromProperties} does. */
    public ConsoleConfig with(Properties changes) {
        Properties merged = BINDER.toProperties(this);
        merged.putAll(changes);
        return fromProperties(merged);
    }

    /** The key descriptors, in table order. */
    public static ConfigKeys keys() {
        return ConsoleConfigKeys.KEYS;
    }
}
