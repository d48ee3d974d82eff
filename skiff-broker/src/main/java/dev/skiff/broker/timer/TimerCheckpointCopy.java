package dev.skiff.broker.timer;

import dev.skiff.broker.replica.MetadataCopier;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's timer checkpoint, one step of each {@link MetadataCopier} round:
 * it asks {@code GET_TIMER_CHECK_POINT} (60; the official 56-byte layout) and hands the body to the
 * slave's {@link TimerService}, so a slave promoted later skips the timers its master already fired
 * (docs/timer.md). A master that has none yet, or does not serve the request, is skipped without
 * failing the round (logged once until it answers).
 */
public final class TimerCheckpointCopy implements MetadataCopier.ExtraCopy {
    private static final Logger log = LoggerFactory.getLogger(TimerCheckpointCopy.class);
    private static final long CALL_TIMEOUT_MS = 3_000;

    private final TimerService timer;
    private boolean missingLogged; // the copier's thread only

    public TimerCheckpointCopy(TimerService timer) {
        this.timer = timer;
    }

    @Override
    public long copy(RemotingClient client, String master, long nowMs)
            throws RemotingException, InterruptedException, IOException {
        RemotingCommand r =
                client.invokeSync(master, RemotingCommand.request(RequestCode.GET_TIMER_CHECK_POINT), CALL_TIMEOUT_MS);
        if (r.code() != ResponseCode.SUCCESS.code() || r.body() == null) {
            if (!missingLogged) {
                missingLogged = true;
                log.info("master {} has no timer checkpoint to copy yet: {} {}", master, r.code(), r.remark());
            }
            return 0;
        }
        try {
            timer.adoptMasterCheckpoint(r.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bad timer checkpoint body: " + e.getMessage(), e);
        }
        missingLogged = false;
        return r.body().length;
    }
}
