package dev.skiff.broker.timer;

import dev.skiff.broker.replica.MetadataCopier;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's timer checkpoint, one step of each {@link MetadataCopier} round:
 * it asks {@code GET_TIMER_CHECK_POINT} (60; the official 56-byte layout) and hands the body to the
 * slave's {@link TimerService}, so a slave promoted later skips the timers its master already fired
 * (docs/timer.md). A master that has none yet, or does not serve the request, is skipped without
 * failing the round (logged once until it answers).
 *
 * <p><b>Slot width.</b> The checkpoint's dequeue time is the start of the master's next slot, in
 * the master's {@code timerPrecisionMs}; the official layout does not carry it. Read in another
 * width it can mark as fired timers the master never fired (a slave with finer slots than its
 * master would lose them after a promotion). So before taking a checkpoint that differs from the
 * last one seen, the copy reads the master's {@code timerPrecisionMs} with {@code
 * GET_BROKER_CONFIG} (26; a master that does not list the key is taken to use the default, 1000,
 * as both brokers do) and, when it differs from this broker's, refuses the checkpoint: nothing is
 * written, an ERROR names both values (at most once per {@link #ERROR_INTERVAL_MS}), and the state
 * shows in the broker runtime info as {@code timerCheckpointCopy} ({@link TimerService#copyState}).
 * The check costs one config fetch (a few KiB) per changed checkpoint, about one a second on a
 * master whose timer is working, none on an idle one.
 */
public final class TimerCheckpointCopy implements MetadataCopier.ExtraCopy {
    private static final Logger log = LoggerFactory.getLogger(TimerCheckpointCopy.class);
    private static final long CALL_TIMEOUT_MS = 3_000;
    /** Least time between two ERROR lines about a refused checkpoint. */
    static final long ERROR_INTERVAL_MS = 60_000;
    /** The slot width a master that does not list {@code timerPrecisionMs} uses (both brokers' default). */
    static final int DEFAULT_PRECISION_MS = 1_000;

    private final TimerService timer;
    private final int precisionMs;
    private boolean missingLogged; // the copier's thread only, like the fields below
    private byte[] lastSeen;
    private long lastErrorMs = Long.MIN_VALUE;
    private long refusals;

    public TimerCheckpointCopy(TimerService timer) {
        this.timer = timer;
        this.precisionMs = timer.precisionMs();
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
        missingLogged = false;
        if (Arrays.equals(r.body(), lastSeen)) {
            return 0;
        }
        String mismatch = precisionMismatch(client, master);
        if (mismatch != null) {
            refuse(master, mismatch, nowMs);
            return 0;
        }
        try {
            timer.adoptMasterCheckpoint(r.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bad timer checkpoint body: " + e.getMessage(), e);
        }
        lastSeen = r.body();
        timer.copyState("copied from " + master);
        return r.body().length;
    }

    /** Null when the master's slot width is this broker's, else what differs. */
    private String precisionMismatch(RemotingClient client, String master)
            throws RemotingException, InterruptedException, IOException {
        RemotingCommand r =
                client.invokeSync(master, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG), CALL_TIMEOUT_MS);
        if (r.code() != ResponseCode.SUCCESS.code() || r.body() == null) {
            return "cannot read the master's timerPrecisionMs (GET_BROKER_CONFIG answered " + r.code() + " "
                    + r.remark() + ")";
        }
        Properties p = new Properties();
        p.load(new StringReader(new String(r.body(), StandardCharsets.UTF_8)));
        String value = p.getProperty("timerPrecisionMs");
        long masterMs;
        try {
            masterMs = value == null ? DEFAULT_PRECISION_MS : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return "the master's timerPrecisionMs is not a number: '" + value + "'";
        }
        return masterMs == precisionMs
                ? null
                : "the master's timerPrecisionMs is " + masterMs + ", this broker's is " + precisionMs;
    }

    private void refuse(String master, String why, long nowMs) {
        refusals++;
        timer.copyState("REFUSED: " + why + " (" + refusals + " checkpoints refused)");
        if (lastErrorMs == Long.MIN_VALUE || nowMs - lastErrorMs >= ERROR_INTERVAL_MS) {
            lastErrorMs = nowMs;
            log.error(
                    "not taking the timer checkpoint of master {}: {}. Master and slave must use the same"
                            + " timerPrecisionMs; until they do, a promoted slave cannot tell which timers its"
                            + " master fired ({} refused so far)",
                    master,
                    why,
                    refusals);
        }
    }
}
