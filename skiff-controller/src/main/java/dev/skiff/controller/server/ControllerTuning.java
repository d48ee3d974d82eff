package dev.skiff.controller.server;

import dev.skiff.common.config.ConfigBinder;
import dev.skiff.common.config.ConfigKeys;
import java.util.Properties;

/**
 * A controller peer's tunable settings, read from {@code --config FILE} through the typed keys of
 * {@link ControllerTuningKeys} (one record component per key, same name and order; the official
 * controller's key names where it has the setting). What a peer is — its id, addresses, peers and
 * data folder — stays in {@link ControllerConfig}, given on the command line.
 *
 * <p>Cross-key rule: the Raft election timeout range must have {@code raftElectionTimeoutMaxMs >
 * raftElectionTimeoutMinMs}.
 */
public record ControllerTuning(
        long controllerHeartBeatTimeoutMills,
        long scanInactiveMasterInterval,
        boolean enableElectUncleanMaster,
        boolean notifyBrokerRoleChanged,
        long raftElectionTimeoutMinMs,
        long raftElectionTimeoutMaxMs,
        long raftSnapshotEveryEntries,
        long requestTimeoutMs,
        int controllerThreadPoolNums,
        int controllerRequestThreadPoolQueueCapacity) {

    private static final ConfigBinder<ControllerTuning> BINDER =
            ConfigBinder.of(ControllerTuning.class, ControllerTuningKeys.KEYS);

    public ControllerTuning {
        if (raftElectionTimeoutMaxMs <= raftElectionTimeoutMinMs) {
            throw new IllegalArgumentException("raftElectionTimeoutMaxMs (" + raftElectionTimeoutMaxMs
                    + ") must be larger than raftElectionTimeoutMinMs (" + raftElectionTimeoutMinMs + ")");
        }
    }

    /** Every key at its default. */
    public static ControllerTuning defaults() {
        return BINDER.bind(new Properties());
    }

    /**
     * The settings in {@code props}: unknown keys are refused by name, absent ones take their
     * default, every value is checked against its key's bounds.
     */
    public static ControllerTuning fromProperties(Properties props) {
        return BINDER.bind(props);
    }

    /** These settings as properties, in key order ({@code fromProperties} reads them back equal). */
    public Properties toProperties() {
        return BINDER.toProperties(this);
    }

    public static ConfigKeys keys() {
        return ControllerTuningKeys.KEYS;
    }

    /** The same with another heartbeat timeout and dead-master scan interval. */
    public ControllerTuning withHeartbeatTimeout(long ms, long scanMs) {
        return edit("controllerHeartBeatTimeoutMills", ms, "scanInactiveMasterInterval", scanMs);
    }

    /** The same with unclean elections allowed or not. */
    public ControllerTuning withUncleanElection(boolean allow) {
        return edit("enableElectUncleanMaster", allow);
    }

    /** The same with another snapshot interval. */
    public ControllerTuning withSnapshotEveryEntries(long entries) {
        return edit("raftSnapshotEveryEntries", entries);
    }

    /** The same with {@code name=value} pairs changed, checked as a file's values are. */
    private ControllerTuning edit(Object... pairs) {
        Properties p = toProperties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty((String) pairs[i], String.valueOf(pairs[i + 1]));
        }
        return fromProperties(p);
    }
}
