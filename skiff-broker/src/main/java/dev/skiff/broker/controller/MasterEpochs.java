package dev.skiff.broker.controller;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingClient;
import java.io.IOException;

/**
 * A new slave's question to its new master: "your epoch list and where you serve replication",
 * asked until the answer is usable. A master records a new epoch when it learns of its promotion,
 * and binds its HA port a little later (after closing its own replication client and adopting its
 * queue offsets); an answer in between names the epoch but no HA address, so the question is asked
 * again, first after a few ms and then at most every {@link #PAUSE_MAX_MS}, until both are there or
 * the wait is over.
 */
final class MasterEpochs {
    static final long PAUSE_FIRST_MS = 5;
    static final long PAUSE_MAX_MS = 100;
    private static final long CALL_TIMEOUT_MS = 3_000;

    private final RemotingClient client;
    private final SkiffClock clock;

    MasterEpochs(RemotingClient client, SkiffClock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Asks {@code masterAddress} until its list reaches {@code epoch} and it names an HA address,
     * for at most {@code waitMs}. At the end of the wait the last answer is returned as it is (a
     * master that has not recorded the epoch yet still has its older list, which holds); with no
     * answer at all the last failure is thrown.
     */
    EpochCacheRequest.Reply await(String masterAddress, int epoch, long waitMs)
            throws IOException, InterruptedException {
        long deadline = clock.nowMs() + waitMs;
        long pause = PAUSE_FIRST_MS;
        Exception last = null;
        EpochCacheRequest.Reply got = null;
        while (true) {
            try {
                got = EpochCacheRequest.ask(client, masterAddress, CALL_TIMEOUT_MS);
                if (got.names(epoch) && got.hasHaAddress()) {
                    return got;
                }
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            if (clock.nowMs() >= deadline) {
                if (got != null) {
                    return got;
                }
                throw new IOException("no epoch list from master " + masterAddress, last);
            }
            Thread.sleep(pause);
            pause = Math.min(PAUSE_MAX_MS, pause * 2);
        }
    }
}
