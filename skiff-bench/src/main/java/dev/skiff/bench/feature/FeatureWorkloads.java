package dev.skiff.bench.feature;

import java.util.Arrays;
import java.util.List;

/** The feature workloads by id, with the sizes a run chose. */
public final class FeatureWorkloads {
    public static final List<String> IDS =
            List.of("repl-sync", "repl-async", "repl-sync-w2", "repl-async-w2", "timers", "txn", "txn-check", "sql92");

    private FeatureWorkloads() {}

    /**
     * The workloads named in {@code ids} ("all" or a comma-separated list), in the given order.
     *
     * @param timers pending timers of {@code timers}
     * @param burst timers of its burst
     * @param timerHeap broker heap of {@code timers} ({@code 512m})
     * @param sqlMessages stored messages of {@code sql92}
     * @param txnHalves undecided half messages of {@code txn-check}
     */
    public static List<FeatureWorkload> select(
            String ids, int timers, int burst, String timerHeap, int sqlMessages, int txnHalves) {
        List<String> chosen = ids == null || ids.isBlank() || ids.equals("all")
                ? IDS
                : Arrays.stream(ids.split(",")).map(String::trim).toList();
        return chosen.stream()
                .map(id -> switch (id) {
                    case "repl-sync" -> (FeatureWorkload) new ReplicationWorkload("SYNC_MASTER", false);
                    case "repl-async" -> new ReplicationWorkload("ASYNC_MASTER", false);
                    case "repl-sync-w2" -> new ReplicationWorkload("SYNC_MASTER", true);
                    case "repl-async-w2" -> new ReplicationWorkload("ASYNC_MASTER", true);
                    case "timers" -> new TimerWorkload(timers, burst, timerHeap);
                    case "txn" -> new TransactionWorkload();
                    case "txn-check" -> new TransactionCheckWorkload(txnHalves);
                    case "sql92" -> new SqlFilterWorkload(sqlMessages);
                    default -> throw new IllegalArgumentException("unknown feature workload " + id + " " + IDS);
                })
                .toList();
    }
}
