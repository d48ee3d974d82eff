package dev.skiff.remoting;

import dev.skiff.common.metrics.Buckets;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long a server took to answer each request, from the moment its frame was decoded to the
 * moment its response was written (or, for one-way requests, handled), kept as the official
 * broker's {@code rocketmq_rpc_latency} histogram: milliseconds in the buckets 1, 3, 5, 7, 10,
 * 100, 1000, 2000, 3000, labelled by request code, response code, whether the request was held
 * by long polling, and the write's result.
 *
 * <p>Cost per request: one table lookup and one {@link Buckets#observe} (two {@code LongAdder}
 * adds), no lock and no allocation. A cell is created once, the first time its label set is seen.
 * The label sets are bounded: request codes 0..{@value #REQUEST_CODES_MAX} have a row each (named
 * as the official tools name them: the constant's name in lower case, or the number when Skiff has
 * no constant for it), every other code shares the row {@code other}; response codes are Skiff's
 * {@link ResponseCode} constants plus {@code other}.
 */
public final class RpcLatency {
    /** The official buckets' upper bounds, in milliseconds. */
    private static final long[] BOUNDS_MS = {1, 3, 5, 7, 10, 100, 1_000, 2_000, 3_000};
    /** Request codes 0..this-1 have a row of their own. */
    public static final int REQUEST_CODES_MAX = 1_024;

    private static final String OTHER = "other";
    private static final String[] REQUEST_NAMES = requestNames();
    private static final ResponseCode[] RESPONSES = ResponseCode.values();
    private static final int RESULTS = Result.values().length;
    /** Cells per row: (response code or other) × long polling or not × result. */
    private static final int ROW_CELLS = (RESPONSES.length + 1) * 2 * RESULTS;

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
        void visit(String requestCode, String responseCode, boolean longPolling, String result, Buckets cell);
    }

    private final AtomicReferenceArray<AtomicReferenceArray<Buckets>> rows =
            new AtomicReferenceArray<>(REQUEST_CODES_MAX + 1);

    /** Counts one answered request that took {@code elapsedNs}. */
    public void record(int requestCode, int responseCode, boolean longPolling, Result result, long elapsedNs) {
        int row = requestCode >= 0 && requestCode < REQUEST_CODES_MAX ? requestCode : REQUEST_CODES_MAX;
        ResponseCode rc = ResponseCode.fromCode(responseCode);
        int response = rc == null ? RESPONSES.length : rc.ordinal();
        int index = ((response * 2) + (longPolling ? 1 : 0)) * RESULTS + result.ordinal();
        cell(row(row), index).observe(Math.max(0, elapsedNs) / 1_000_000);
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
        for (int r = 0; r <= REQUEST_CODES_MAX; r++) {
            AtomicReferenceArray<Buckets> row = rows.get(r);
            if (row == null) {
                continue;
            }
            String request = r == REQUEST_CODES_MAX ? OTHER : REQUEST_NAMES[r];
            for (int i = 0; i < ROW_CELLS; i++) {
                Buckets cell = row.get(i);
                if (cell == null) {
                    continue;
                }
                int result = i % RESULTS;
                int rest = i / RESULTS;
                int response = rest / 2;
                visitor.visit(
                        request,
                        response == RESPONSES.length
                                ? OTHER
                                : RESPONSES[response].name().toLowerCase(Locale.ROOT),
                        rest % 2 == 1,
                        Result.values()[result].label(),
                        cell);
            }
        }
    }

    /** The official label of each request code below the row limit: the constant's name in lower case. */
    private static String[] requestNames() {
        String[] names = new String[REQUEST_CODES_MAX];
        for (int i = 0; i < names.length; i++) {
            names[i] = Integer.toString(i);
        }
        for (Field f : RequestCode.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    int code = f.getInt(null);
                    if (code >= 0 && code < REQUEST_CODES_MAX) {
                        names[code] = f.getName().toLowerCase(Locale.ROOT);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
