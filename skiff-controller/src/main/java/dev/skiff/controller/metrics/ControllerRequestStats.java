package dev.skiff.controller.metrics;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.metrics.Buckets;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.util.concurrent.atomic.LongAdder;

/**
 * Controller requests by type and outcome, as the official controller's {@code request_total}
 * (labels {@code request_type}, {@code request_handle_status}) and {@code request_latency}
 * (microseconds, label {@code request_type}; only requests that returned are timed, as there).
 *
 * <p>The request types are the official controller's fourteen, named as it names them (upper case,
 * e.g. {@code CONTROLLER_REGISTER_BROKER}, {@code CONTROLLER_BROKER_HEARTBEAT}); a row per type is
 * allocated up front, plus one row {@code OTHER} for any code outside the table, so the label sets
 * are bounded (15 types × 3 statuses) and recording costs a {@code switch}, one or two {@link
 * LongAdder} adds and one {@link Buckets#observe}: no allocation, no lock.
 *
 * <p>Buckets (µs): the official 1, 3, 5, 10, 30, 50, 100, 300, 500 µs, 1, 3, 5, 10, 30, 50, 100,
 * 300, 500 ms, 1, 3, 5, 10 s.
 */
public final class ControllerRequestStats {
    /** The official controller's latency bucket bounds, in microseconds. */
    static final long[] BOUNDS_US = {
        1,
        3,
        5,
        10,
        30,
        50,
        100,
        300,
        500,
        1_000,
        3_000,
        5_000,
        10_000,
        30_000,
        50_000,
        100_000,
        300_000,
        500_000,
        1_000_000,
        3_000_000,
        5_000_000,
        10_000_000
    };

    /** The official request types: code and label, in the official order; the last row is for any other code. */
    private static final int[] CODES = {
        ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
        ControllerCodes.CONTROLLER_ELECT_MASTER,
        ControllerCodes.CONTROLLER_REGISTER_BROKER,
        ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
        ControllerCodes.CONTROLLER_GET_METADATA_INFO,
        ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA,
        1007, // GET_BROKER_EPOCH_CACHE (not served by Skiff's controller)
        ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED,
        ControllerCodes.BROKER_HEARTBEAT,
        1009, // UPDATE_CONTROLLER_CONFIG (not served)
        1010, // GET_CONTROLLER_CONFIG (not served)
        ControllerCodes.CLEAN_BROKER_DATA,
        ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
        ControllerCodes.CONTROLLER_APPLY_BROKER_ID
    };

    private static final String[] TYPES = {
        "CONTROLLER_ALTER_SYNC_STATE_SET",
        "CONTROLLER_ELECT_MASTER",
        "CONTROLLER_REGISTER_BROKER",
        "CONTROLLER_GET_REPLICA_INFO",
        "CONTROLLER_GET_METADATA_INFO",
        "CONTROLLER_GET_SYNC_STATE_DATA",
        "CONTROLLER_GET_BROKER_EPOCH_CACHE",
        "CONTROLLER_NOTIFY_BROKER_ROLE_CHANGED",
        "CONTROLLER_BROKER_HEARTBEAT",
        "CONTROLLER_UPDATE_CONTROLLER_CONFIG",
        "CONTROLLER_GET_CONTROLLER_CONFIG",
        "CONTROLLER_CLEAN_BROKER_DATA",
        "CONTROLLER_GET_NEXT_BROKER_ID",
        "CONTROLLER_APPLY_BROKER_ID",
        "OTHER"
    };

    private static final OpStatus[] STATUSES = OpStatus.values();

    /** Reads one row at scrape time. */
    @FunctionalInterface
    public interface Visitor {
        /** @param counts requests per {@link OpStatus}, by ordinal */
        void visit(String requestType, long[] counts, Buckets latencyUs);
    }

    private final LongAdder[][] counts = new LongAdder[TYPES.length][STATUSES.length];
    private final Buckets[] latency = new Buckets[TYPES.length];
    private final SkiffClock clock;

    public ControllerRequestStats(SkiffClock clock) {
        this.clock = clock;
        for (int row = 0; row < TYPES.length; row++) {
            for (int s = 0; s < STATUSES.length; s++) {
                counts[row][s] = new LongAdder();
            }
            latency[row] = new Buckets(BOUNDS_US);
        }
    }

    /** The clock reading to pass to {@link #record} when the request is done. */
    public long startNs() {
        return clock.monotonicNs();
    }

    /** Counts one request of {@code code} that began at {@code startNs} and ended with {@code status}. */
    public void record(int code, OpStatus status, long startNs) {
        int row = row(code);
        counts[row][status.ordinal()].increment();
        if (status == OpStatus.SUCCESS) {
            latency[row].observe(Math.max(0, clock.monotonicNs() - startNs) / 1_000);
        }
    }

    private static int row(int code) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == code) {
                return i;
            }
        }
        return CODES.length;
    }

    /** Visits every row that counted something. */
    public void forEach(Visitor visitor) {
        for (int row = 0; row < TYPES.length; row++) {
            long[] byStatus = new long[STATUSES.length];
            long total = 0;
            for (int s = 0; s < STATUSES.length; s++) {
                byStatus[s] = counts[row][s].sum();
                total += byStatus[s];
            }
            if (total > 0) {
                visitor.visit(TYPES[row], byStatus, latency[row]);
            }
        }
    }
}
