package dev.skiff.controller.server;

import static dev.skiff.common.config.ConfigKey.bool;
import static dev.skiff.common.config.ConfigKey.integer;
import static dev.skiff.common.config.ConfigKey.longKey;

import dev.skiff.common.config.ConfigKeys;
import java.util.List;

/**
 * Every tunable controller key, declared once (name, type, default, bounds, doc), in the order of
 * {@link ControllerTuning}'s components and of the table in {@code docs/configuration.md}. Names
 * are the official controller's where it has the setting ({@code scanInactiveMasterInterval},
 * {@code enableElectUncleanMaster}, {@code notifyBrokerRoleChanged}, {@code
 * controllerThreadPoolNums}, {@code controllerRequestThreadPoolQueueCapacity}) or the official
 * broker's ({@code controllerHeartBeatTimeoutMills}); the Raft ones are Skiff's.
 */
final class ControllerTuningKeys {
    private ControllerTuningKeys() {}

    static final ConfigKeys KEYS = ConfigKeys.of(
            "controller config",
            List.of(
                    longKey(
                            "controllerHeartBeatTimeoutMills",
                            10_000,
                            100,
                            3_600_000,
                            "a broker silent this long is counted gone (a broker's own value wins when its"
                                    + " heartbeat carries one); `--heartbeat-timeout-ms` sets it too"),
                    longKey(
                            "scanInactiveMasterInterval",
                            1_000,
                            10,
                            3_600_000,
                            "ms between the leader's looks for groups whose master is gone"),
                    bool(
                            "enableElectUncleanMaster",
                            false,
                            "elect a replica outside the in-sync set when no in-sync one is alive (may lose"
                                    + " acknowledged messages); `--unclean` sets it too"),
                    bool(
                            "notifyBrokerRoleChanged",
                            true,
                            "send NOTIFY_BROKER_ROLE_CHANGED (1008) to a group's brokers after a master change"),
                    longKey("raftElectionTimeoutMinMs", 1_000, 50, 60_000, "Raft election timeout, lower bound"),
                    longKey(
                            "raftElectionTimeoutMaxMs",
                            2_000,
                            51,
                            120_000,
                            "Raft election timeout, upper bound (larger than the lower)"),
                    longKey(
                            "raftSnapshotEveryEntries",
                            1_000,
                            1,
                            100_000_000,
                            "Raft log entries between snapshots (older entries are then purged)"),
                    longKey(
                            "requestTimeoutMs",
                            3_000,
                            100,
                            600_000,
                            "bound of one replicated request (its Raft round) before it is answered failed"),
                    integer("controllerThreadPoolNums", 4, 1, 256, "threads serving controller requests"),
                    integer(
                            "controllerRequestThreadPoolQueueCapacity",
                            10_000,
                            1,
                            1_000_000,
                            "queued requests before SYSTEM_BUSY")));
}
