package dev.skiff.common.concurrent;

import dev.skiff.common.SkiffClock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Agent} on a thread of its own: {@code doWork} in a loop, the idle strategy after
 * each round, every throwable counted and logged at most once a minute (the loop goes on), and
 * {@link #close} stopping the loop, calling {@link Agent#onClose} on the agent's thread and joining
 * it within a bound.
 *
 * <pre>{@code
 * AgentRunner runner = AgentRunner.start(dispatcher, IdleStrategy.backoff(0, 0, 10_000_000), clock);
 * ...
 * runner.wake();   // after handing it work
 * runner.close();
 * }</pre>
 */
public final class AgentRunner implements AutoCloseable {
    private static final long JOIN_MS = 10_000;

    private final Agent agent;
    private final IdleStrategy idle;
    private final DutyFailures failures;
    private final Thread thread;
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean running = true;

    private AgentRunner(Agent agent, IdleStrategy idle, SkiffClock clock) {
        this.agent = agent;
        this.idle = idle;
        this.failures = new DutyFailures(clock);
        this.thread = new Thread(this::loop, agent.roleName());
        thread.setDaemon(true);
    }

    /** Starts a daemon thread named after the agent's role. */
    public static AgentRunner start(Agent agent, IdleStrategy idle, SkiffClock clock) {
        AgentRunner runner = new AgentRunner(agent, idle, clock);
        runner.thread.start();
        return runner;
    }

    private void loop() {
        try {
            while (running) {
                int work;
                try {
                    work = agent.doWork();
                } catch (Throwable t) {
                    failures.record(agent.roleName(), t);
                    work = 0;
                }
                rounds.incrementAndGet();
                if (running) {
                    idle.idle(work);
                }
            }
        } finally {
            failures.run(agent.roleName() + ".onClose", agent::onClose);
        }
    }

    /** Unparks the agent's thread if it idles (after handing the agent work). */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Rounds that threw since start. */
    public long errors() {
        return failures.count(agent.roleName());
    }

    /** Rounds run since start. */
    public long rounds() {
        return rounds.get();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the loop after the round under way and joins the thread (bounded). Idempotent. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(agent.roleName() + " did not stop within " + JOIN_MS + " ms");
        }
    }
}
