package dev.skiff.broker;

import dev.skiff.broker.admin.BrokerRuntimeInfo;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.concurrent.Scheduler;
import dev.skiff.common.concurrent.ThreadScheduler;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The broker's request executors — {@code broker-send}, {@code broker-pull}, {@code
 * broker-client}, {@code broker-admin}, each a fixed pool with a bounded queue (a full queue is
 * answered SYSTEM_BUSY) — and its one {@code broker-housekeeping} {@link Scheduler} for periodic
 * duties (a {@link ThreadScheduler} on the broker's clock); their queue depths for operators; and
 * their shutdown.
 */
final class BrokerExecutors implements AutoCloseable {
    private static final long AWAIT_SECONDS = 5;

    final Scheduler housekeeping;
    final ExecutorService send;
    final ExecutorService pull;
    final ExecutorService client;
    final ExecutorService admin;
    private final BrokerConfig config;
    private final SkiffClock clock;

    BrokerExecutors(BrokerConfig config, SkiffClock clock) {
        this.config = config;
        this.clock = clock;
        housekeeping = new ThreadScheduler("broker-housekeeping", 1, clock);
        send = BoundedExecutors.fixed("broker-send", config.sendThreads(), config.sendQueueCapacity());
        pull = BoundedExecutors.fixed("broker-pull", config.pullThreads(), config.pullQueueCapacity());
        client = BoundedExecutors.fixed("broker-client", config.clientThreads(), config.clientQueueCapacity());
        admin = BoundedExecutors.fixed("broker-admin", config.adminThreads(), config.adminQueueCapacity());
    }

    /** A scheduler on one daemon thread of its own ({@code name-1}), on the broker's clock; the caller closes it. */
    Scheduler ownThread(String name) {
        return new ThreadScheduler(name, 1, clock);
    }

    /** Queue depth and capacity per executor, as runtime info names them ({@code mqadmin brokerStatus}). */
    Map<String, BrokerRuntimeInfo.ExecutorFigures> runtimeFigures() {
        return Map.of(
                "send", new BrokerRuntimeInfo.ExecutorFigures(queued(send), config.sendQueueCapacity()),
                "pull", new BrokerRuntimeInfo.ExecutorFigures(queued(pull), config.pullQueueCapacity()),
                "query", new BrokerRuntimeInfo.ExecutorFigures(queued(admin), config.adminQueueCapacity()));
    }

    /** Queue depth per executor, as the official metrics label them. */
    Map<String, IntSupplier> queueDepths() {
        return Map.of(
                "send", queued(send),
                "pull", queued(pull),
                "client_manager", queued(client),
                "admin", queued(admin));
    }

    private static IntSupplier queued(ExecutorService executor) {
        return () ->
                executor instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }

    /** Interrupts every task and waits (bounded) for each thread to end. */
    @Override
    public void close() {
        housekeeping.close();
        ExecutorService[] all = {send, pull, client, admin};
        for (ExecutorService executor : all) {
            executor.shutdownNow();
        }
        for (ExecutorService executor : all) {
            try {
                executor.awaitTermination(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
