package dev.skiff.broker.controller;

/**
 * The running broker as the {@link ControllerAgent} drives it. Calls come one at a time from the
 * agent's duties, never concurrently.
 */
public interface RoleListener {
    /** Become (or stay) the master at {@code epoch}; writes start once this returns. */
    void becomeMaster(int epoch) throws Exception;

    /** Become a slave following {@code masterAddress} (the master's remoting address). */
    void becomeSlave(String masterAddress, long masterBrokerId, int epoch) throws Exception;

    /**
     * Stop (true) or resume (false) accepting writes while keeping the role: a master that cannot
     * reach the controller is fenced; one that reaches it again at the same epoch resumes.
     */
    void fenced(boolean fenced);
}
