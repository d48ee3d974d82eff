package dev.skiff.common.concurrent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for request processors: a fixed number of named daemon threads and a bounded queue
 * that throws {@link java.util.concurrent.RejectedExecutionException} when full, which the
 * server answers with {@code SYSTEM_BUSY}.
 */
public final class BoundedExecutors {

    private BoundedExecutors() {}

    public static ExecutorService fixed(String name, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive");
        }
        return new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                namedDaemons(name),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Names threads {@code name-1}, {@code name-2}, ...; all daemons. */
    public static ThreadFactory namedDaemons(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
