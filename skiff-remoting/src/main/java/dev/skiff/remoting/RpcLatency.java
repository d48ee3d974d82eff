package dev.skiff.remoting;

import dev.skiff.common.metrics.Buckets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long a server took to answer each request, from the moment its frame was decoded to the
 * moment its response was written (or, for one-way requests, handled), kept as the official
 * broker's {@code rocketmq_rpc_latency} histogram: milliseconds in the buckets 1, 3, 5, 7, 10,
 * 100, 1000, 2000, 3000, labelled by request code, response code, whether the request was held
 * by long polling, and the write's result.
 *
 * <p>Labels are the official broker's: codes by their official names in lower case ({@link
 * CodeLabels}), a request code with no official name by its number. Failures are told apart as
 * the official broker tells them: an answer that was written is {@code result="success"} whatever
 * its code, so a processor that threw shows as {@code response_code="system_error"}, an overloaded
 * executor or a starting broker as {@code system_busy}, a refusal by the request guard as its code
 * ({@code no_permission}); {@code result="process_request_failed"} (with no response code) is a
 * request that could not be handed to its processor at all; {@code write_channel_failed} and
 * {@code cancelled} are answers that were not written.
 *
 * <p>Cost per request: two small binary searches, one table lookup and one {@link Buckets#observe}
 * (two {@code LongAdder} adds), no lock and no allocation. A cell is created once, the first time
 * its label set is seen. The label sets are bounded: request codes 0..{@value #LOW_CODES_MAX}-1
 * have a row each, the official codes above them (the auth, cold-data and POP codes) a row each,
 * and every other code shares the row {@code other}; response codes are the official ones plus
 * {@code other}.
 */
public final class RpcLatency {
    /** The official buckets' upper bounds, in milliseconds. */
    private static final long[] BOUNDS_MS = {1, 3, 5, 7, 10, 100, 1_000, 2_000, 3_000};
    /** Request codes 0..this-1 have a row of their own, named or numbered. */
    public static final int LOW_CODES_MAX = 1_024;
    /** The response code of a request no answer was made for ({@link Result#PROCESS_REQUEST_FAILED}). */
    public static final int NO_RESPONSE = Integer.MIN_VALUE;

    private static final String OTHER = "other";
    /** Official request codes at or above {@link #LOW_CODES_MAX}, ascending: rows after the low ones. */
    private static final int[] HIGH_CODES = highCodes();

    private static final int OTHER_ROW = LOW_CODES_MAX + HIGH_CODES.length;
    private static final String[] ROW_NAMES = rowNames();
    private static final int[] RESPONSES = CodeLabels.responseCodes();
    /** Response slots: each official code, then {@code other}, then no response. */
    private static final int RESPONSE_OTHER = RESPONSES.length;

    private static final int RESPONSE_NONE = RESPONSES.length + 1;
    private static final int RESULTS = Result.values().length;
    /** Cells per row: response slot × long polling or not × result. */
    private static final int ROW_CELLS = (RESPONSES.length + 2) * 2 * RESULTS;

    /** What became of the response, as the official label {@code result} says it. */
    public enum Result {
        SUCCESS("success"),
        ONEWAY("oneway"),
        CANCELLED("cancelled"),
        PROCESS_REQUEST_FAILED("process_request_failed"),
        WRITE_CHANNEL_FAILED("write_channel_failed");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Reads one cell at scrape time. */
    @FunctionalInterface
    public interface Visitor {
        /** @param responseCode the label, or the empty string for a request with no answer */
        void visit(String requestCode, String responseCode, boolean longPolling, String result, Buckets cell);
    }

    private final AtomicReferenceArray<AtomicReferenceArray<Buckets>> rows = new AtomicReferenceArray<>(OTHER_ROW + 1);

    /** Counts one answered request that took {@code elapsedNs}. */
    public void record(int requestCode, int responseCode, boolean longPolling, Result result, long elapsedNs) {
        int index = ((responseSlot(responseCode) * 2) + (longPolling ? 1 : 0)) * RESULTS + result.ordinal();
        cell(row(rowOf(requestCode)), index).observe(Math.max(0, elapsedNs) / 1_000_000);
    }

    private static int rowOf(int requestCode) {
        if (requestCode >= 0 && requestCode < LOW_CODES_MAX) {
            return requestCode;
        }
        int high = Arrays.binarySearch(HIGH_CODES, requestCode);
        return high >= 0 ? LOW_CODES_MAX + high : OTHER_ROW;
    }

    private static int responseSlot(int responseCode) {
        if (responseCode == NO_RESPONSE) {
            return RESPONSE_NONE;
        }
        int i = Arrays.binarySearch(RESPONSES, responseCode);
        return i >= 0 ? i : RESPONSE_OTHER;
    }

    private AtomicReferenceArray<Buckets> row(int row) {
        AtomicReferenceArray<Buckets> cells = rows.get(row);
        if (cells == null) {
            rows.compareAndSet(row, null, new AtomicReferenceArray<>(ROW_CELLS));
            cells = rows.get(row);
        }
        return cells;
    }

    private static Buckets cell(AtomicReferenceArray<Buckets> row, int index) {
        Buckets cell = row.get(index);
        if (cell == null) {
            row.compareAndSet(index, null, new Buckets(BOUNDS_MS));
            cell = row.get(index);
        }
        return cell;
    }

    /** Visits every cell that has counted something, with its labels. */
    public void forEach(Visitor visitor) {
        Result[] results = Result.values();
        for (int r = 0; r <= OTHER_ROW; r++) {
            AtomicReferenceArray<Buckets> row = rows.get(r);
            if (row == null) {
                continue;
            }
            for (int i = 0; i < ROW_CELLS; i++) {
                Buckets cell = row.get(i);
                if (cell == null) {
                    continue;
                }
                int rest = i / RESULTS;
                visitor.visit(ROW_NAMES[r], responseLabel(rest / 2), rest % 2 == 1, results[i % RESULTS].label(), cell);
            }
        }
    }

    private static String responseLabel(int slot) {
        if (slot == RESPONSE_NONE) {
            return "";
        }
        return slot == RESPONSE_OTHER ? OTHER : CodeLabels.responseName(RESPONSES[slot]);
    }

    private static int[] highCodes() {
        return Arrays.stream(CodeLabels.requestCodes())
                .filter(c -> c >= LOW_CODES_MAX)
                .toArray();
    }

    /** Each row's label: the official name, else the number; the last row {@code other}. */
    private static String[] rowNames() {
        String[] names = new String[OTHER_ROW + 1];
        for (int code = 0; code < LOW_CODES_MAX; code++) {
            String name = CodeLabels.requestName(code);
            names[code] = name == null ? Integer.toString(code) : name;
        }
        for (int i = 0; i < HIGH_CODES.length; i++) {
            names[LOW_CODES_MAX + i] = CodeLabels.requestName(HIGH_CODES[i]);
        }
        names[OTHER_ROW] = OTHER;
        return names;
    }
}
