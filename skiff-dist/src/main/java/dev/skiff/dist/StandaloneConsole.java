package dev.skiff.dist;

import dev.skiff.common.SkiffClock;
import dev.skiff.console.ConsoleConfig;
import dev.skiff.console.ConsoleServer;
import java.io.PrintStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console {@code skiff standalone} starts beside its servers: loopback only, read-only,
 * on {@value #PORT} (a free port when the server ports are chosen freely). A port that cannot be
 * bound is logged and the servers run on without a console.
 */
final class StandaloneConsole {
    private static final Logger log = LoggerFactory.getLogger(StandaloneConsole.class);
    /** The console's port in standalone. */
    static final int PORT = 8280;

    private StandaloneConsole() {}

    /** Starts the console reading {@code namesrvAddr}; null when it could not start. */
    static ConsoleServer start(String namesrvAddr, boolean freePort, PrintStream out) {
        Properties p = new Properties();
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("consoleListenHost", StandaloneCommand.METRICS_HOST);
        p.setProperty("consoleListenPort", Integer.toString(freePort ? 0 : PORT));
        ConsoleServer console = new ConsoleServer(ConsoleConfig.fromProperties(p), SkiffClock.system());
        try {
            console.start();
        } catch (Exception e) {
            log.warn("no web console: {}", e.getMessage());
            return null;
        }
        out.println(
                "  web console at http://" + StandaloneCommand.METRICS_HOST + ":" + console.port() + "/ (read-only)");
        return console;
    }
}
