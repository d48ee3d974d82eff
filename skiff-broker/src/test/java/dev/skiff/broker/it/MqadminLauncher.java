package dev.skiff.broker.it;

import org.apache.rocketmq.tools.command.MQAdminStartup;

/**
 * Main class of the mqadmin child processes that {@link MqadminCli} starts: it runs the official
 * {@code MQAdminStartup.main} with the given arguments, exactly as the {@code mqadmin} script does,
 * then ends the process.
 *
 * <p>What differs from starting {@code MQAdminStartup} directly is only how long the process lingers
 * after the command is done, which the official client makes slow in two ways:
 *
 * <ul>
 *   <li>it shuts its Netty event loops down gracefully, which keeps the JVM alive for a two-second
 *       quiet period after main returns; this launcher exits as soon as main returns;
 *   <li>its shutdown joins its channel-event thread, which sleeps in a 3-second poll and only
 *       notices the stop when the poll ends; when no channel event happens to arrive after the
 *       stop flag is set, the join waits the full 3 s. While the client is shutting down, a daemon
 *       thread here interrupts that poll, which ends it as a late event would.
 * </ul>
 *
 * Neither changes what the command sends or prints: both happen after its work is done.
 */
final class MqadminLauncher {
    private static final String SHUTTING_DOWN_CLASS = "org.apache.rocketmq.common.ServiceThread";
    private static final String EVENT_THREAD_NAME = "NettyEventExecutor";
    private static final long CHECK_INTERVAL_MS = 20;

    private MqadminLauncher() {}

    public static void main(String[] args) {
        Thread main = Thread.currentThread();
        Thread.ofPlatform().daemon().name("mqadmin-shutdown-nudge").start(() -> nudgeShutdown(main));
        MQAdminStartup.main(args);
        System.out.flush();
        System.err.flush();
        System.exit(0);
    }

    private static void nudgeShutdown(Thread main) {
        try {
            while (main.isAlive()) {
                if (joiningServiceThread(main)) {
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (t.getName().equals(EVENT_THREAD_NAME)) {
                            t.interrupt();
                        }
                    }
                }
                Thread.sleep(CHECK_INTERVAL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean joiningServiceThread(Thread main) {
        for (StackTraceElement frame : main.getStackTrace()) {
            if (frame.getClassName().equals(SHUTTING_DOWN_CLASS)
                    && frame.getMethodName().equals("shutdown")) {
                return true;
            }
        }
        return false;
    }
}
