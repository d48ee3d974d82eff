package dev.skiff.controller.metrics;

import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * How a controller request or a Raft append ended, as the official controller's {@code
 * request_handle_status} and {@code dLedger_operation_status} labels say it: it returned ({@code
 * success}, whatever code the answer carries), it gave up waiting ({@code timeout}), or it threw
 * ({@code failed}).
 */
public enum OpStatus {
    SUCCESS,
    FAILED,
    TIMEOUT;

    /** How many causes deep {@link #of} looks for a timeout. */
    private static final int CAUSE_DEPTH_MAX = 8;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /**
     * The status of a request that threw {@code e}: {@code TIMEOUT} when it (or a cause) is a
     * timeout, or the Raft client gave up retrying within its time budget; {@code FAILED} otherwise.
     */
    public static OpStatus of(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < CAUSE_DEPTH_MAX; depth++, t = t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof TimeoutIOException
                    || t instanceof RaftRetryFailureException) {
                return TIMEOUT;
            }
        }
        return FAILED;
    }
}
