package dev.skiff.common.concurrent;

/**
 * A duty cycle that owns its state and is run by one thread ({@link AgentRunner}): each call of
 * {@link #doWork} does a bounded amount of work and says how much, so the runner can idle when
 * there was none. Other threads talk to an agent through queues or published positions, never
 * by calling into it.
 */
public interface Agent {

    /** Does some work, bounded in time; returns how much (0 = nothing to do, the runner idles). */
    int doWork() throws Exception;

    /** Called once on the agent's thread after the last {@link #doWork}. */
    default void onClose() {}

    /** The thread name and the name in logs and counters. */
    String roleName();
}
