package dev.skiff.console;

import static dev.skiff.common.config.ConfigKey.bool;
import static dev.skiff.common.config.ConfigKey.integer;
import static dev.skiff.common.config.ConfigKey.longKey;

import dev.skiff.common.config.ConfigKey;
import dev.skiff.common.config.ConfigKeys;
import java.util.List;

/**
 * Every console config key, declared once: name, type, default, bounds and doc. The order is the
 * order of {@link ConsoleConfig}'s record components and of the table in {@code docs/console.md}.
 */
final class ConsoleConfigKeys {

    static final ConfigKeys KEYS = ConfigKeys.of(
            "console config",
            List.of(
                    ConfigKey.list("namesrvAddr", List.of("127.0.0.1:9876"), "name servers to read the cluster from")
                            .check(v -> !v.isEmpty(), v -> "at least one name server is needed"),
                    ConfigKey.string("consoleListenHost", "127.0.0.1", "address the console's HTTP server binds")
                            .check(v -> !v.isBlank(), v -> "must not be blank"),
                    integer("consoleListenPort", 8280, 0, 65_535, "its port; 0 picks a free one"),
                    bool(
                            "consoleWriteEnabled",
                            false,
                            "allow the actions that change the cluster (send a test message, create a topic,"
                                    + " reset a group's offsets); off = read-only"),
                    longKey(
                            "consoleRpcTimeoutMs",
                            5_000,
                            100,
                            120_000,
                            "timeout of each request to a name server or broker"),
                    integer("consolePageSizeMax", 100, 1, 1_000, "most rows one page of a list holds"),
                    integer("consoleBrokersMax", 256, 1, 4_096, "most brokers read for one view"),
                    integer("consoleMessagesMax", 32, 1, 64, "most messages a lookup by key or id returns"),
                    integer(
                            "consoleBodyShownMaxBytes",
                            4_096,
                            0,
                            1 << 20,
                            "most bytes of a message body the lookup shows (the rest is cut and marked)"),
                    integer(
                            "consoleRequestBodyMaxBytes",
                            64 * 1024,
                            1_024,
                            1 << 20,
                            "largest HTTP request body accepted (the test message's body among it)"),
                    integer("consoleHttpThreads", 2, 1, 16, "threads answering HTTP requests"),
                    integer(
                            "consoleHttpQueueCapacity",
                            32,
                            1,
                            1_024,
                            "HTTP requests queued; beyond that a request has its connection closed")));

    private ConsoleConfigKeys() {}
}
