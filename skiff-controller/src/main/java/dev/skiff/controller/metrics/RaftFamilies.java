package dev.skiff.controller.metrics;

import dev.skiff.common.metrics.Snapshots;
import dev.skiff.controller.raft.ControllerStateMachine;
import dev.skiff.controller.raft.RaftNode;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Ratis knows of this peer, read at scrape time: the official {@code dledger_disk_usage_bytes}
 * (bytes under the peer's data folder, as the official controller measures its store path) and
 * Skiff's own Raft facts, which the official controller does not export for its DLedger log:
 * {@code skiff_controller_raft_commit_index}, {@code _applied_index}, {@code _last_log_index},
 * {@code _flush_index}, {@code _log_start_index}, {@code _snapshot_index}, and {@code
 * skiff_controller_raft_snapshots_total{kind="taken"|"installed"}}.
 *
 * <p>The disk walk is bounded: at most {@value #FILES_MAX} files are summed (a Ratis folder holds a
 * few dozen); beyond that the figure is a lower bound.
 */
final class RaftFamilies {
    static final int FILES_MAX = 100_000;

    private RaftFamilies() {}

    static List<MetricSnapshot> build(
            RaftNode.RaftFacts f, ControllerStateMachine machine, Path dataDir, Labels constant) {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(single(
                "skiff_controller_raft_commit_index",
                "Newest log index this peer knows committed",
                f.commitIndex(),
                constant));
        out.add(single(
                "skiff_controller_raft_applied_index",
                "Newest log index applied to the state",
                f.appliedIndex(),
                constant));
        out.add(single(
                "skiff_controller_raft_last_log_index", "Newest index in this peer's log", f.lastLogIndex(), constant));
        out.add(single(
                "skiff_controller_raft_flush_index",
                "Newest index written to this peer's disk",
                f.flushIndex(),
                constant));
        out.add(single(
                "skiff_controller_raft_log_start_index", "Oldest index still in the log", f.startIndex(), constant));
        out.add(single(
                "skiff_controller_raft_snapshot_index", "Index of the newest snapshot", f.snapshotIndex(), constant));
        CounterSnapshot.Builder snapshots =
                Snapshots.counter("skiff_controller_raft_snapshots", "Snapshots written or installed since start");
        if (machine != null) {
            snapshots.dataPoint(
                    Snapshots.counterPoint(constant.merge(Labels.of("kind", "taken")), machine.snapshotsTaken()));
            snapshots.dataPoint(Snapshots.counterPoint(
                    constant.merge(Labels.of("kind", "installed")), machine.snapshotsInstalled()));
        }
        out.add(snapshots.build());
        long bytes = bytesUnder(dataDir);
        GaugeSnapshot.Builder disk = Snapshots.gauge("dledger_disk_usage_bytes", "Bytes under the Raft data folder");
        if (bytes >= 0) {
            disk.dataPoint(Snapshots.gaugePoint(constant, bytes));
        }
        out.add(disk.build());
        return out;
    }

    private static GaugeSnapshot single(String name, String help, double value, Labels constant) {
        return Snapshots.gauge(name, help)
                .dataPoint(Snapshots.gaugePoint(constant, value))
                .build();
    }

    /** Bytes of the regular files under {@code dir} (at most {@link #FILES_MAX} of them), or -1. */
    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        long sum = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            Iterator<Path> it = files.iterator();
            for (int n = 0; n < FILES_MAX && it.hasNext(); ) {
                Path p = it.next();
                if (Files.isRegularFile(p)) {
                    n++;
                    sum += sizeOrZero(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return sum; // a file vanished mid-walk (log roll, snapshot purge): what was summed
        }
        return sum;
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // deleted between the listing and the read
        }
    }
}
