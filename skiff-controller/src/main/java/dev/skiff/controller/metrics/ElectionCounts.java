package dev.skiff.controller.metrics;

import dev.skiff.controller.state.Outcome;
import dev.skiff.controller.state.ReplicaGroup;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Elections this peer decided as leader, by broker group and result, as the official controller's
 * {@code election_total} counts them: {@code new_master_elected}, {@code keep_current_master}
 * (the master was alive and stays), {@code no_master_elected}. At most {@value #KEYS_MAX} (group,
 * result) pairs are kept; beyond that a new group is counted under {@code broker_set="other"}.
 */
public final class ElectionCounts {
    static final int KEYS_MAX = 3 * 10_000;

    /** The official {@code election_result} values. */
    public enum Result {
        NEW_MASTER_ELECTED,
        KEEP_CURRENT_MASTER,
        NO_MASTER_ELECTED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The labels of one counter. */
    public record Key(String cluster, String brokerSet, String result) {}

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts the outcome of one election for {@code brokerName}. */
    public void record(String brokerName, Outcome outcome) {
        ReplicaGroup g = outcome.group();
        String cluster = g == null || g.cluster() == null ? "" : g.cluster();
        Key key = new Key(cluster, brokerName, classify(outcome).label());
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= KEYS_MAX) {
                key = new Key("", "other", key.result());
            }
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    static Result classify(Outcome o) {
        if (o.isSuccess()) {
            return o.masterChanged() ? Result.NEW_MASTER_ELECTED : Result.KEEP_CURRENT_MASTER;
        }
        return o.code() == ControllerCodes.CONTROLLER_MASTER_STILL_EXIST
                ? Result.KEEP_CURRENT_MASTER
                : Result.NO_MASTER_ELECTED;
    }

    /** Visits every counter. */
    public void forEach(BiConsumer<Key, Long> visitor) {
        counts.forEach((k, v) -> visitor.accept(k, v.sum()));
    }
}
