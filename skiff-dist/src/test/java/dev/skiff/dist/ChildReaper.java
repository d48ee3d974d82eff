package dev.skiff.dist;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills the child processes a test JVM started when that JVM exits without closing them (Surefire
 * ends a fork that ran past its time limit with {@code System.exit}, so a test's own {@code close}
 * never runs, and the brokers and controllers it started would go on using the machine). One
 * shutdown hook for the JVM; children that ended are dropped as they end. Stops only the processes
 * registered here, by their handles.
 */
final class ChildReaper {
    private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildReaper::killAll, "child-reaper"));
    }

    private ChildReaper() {}

    /** Registers {@code child}; returns it. */
    static Process track(Process child) {
        CHILDREN.add(child);
        child.onExit().thenRun(() -> CHILDREN.remove(child));
        return child;
    }

    private static void killAll() {
        for (Process p : CHILDREN) {
            p.destroyForcibly();
        }
    }
}
