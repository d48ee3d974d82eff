package dev.skiff.controller.state;

/**
 * What applying a command did: a controller response code (see {@code ControllerCodes}), a remark
 * for errors, the group afterwards (null when there is none) and whether the master changed (the
 * leader then notifies the group's brokers).
 */
public record Outcome(int code, String remark, ReplicaGroup group, boolean masterChanged) {

    public static Outcome ok(ReplicaGroup group) {
        return new Outcome(0, null, group, false);
    }

    public static Outcome error(int code, String remark, ReplicaGroup group) {
        return new Outcome(code, remark, group, false);
    }

    public boolean isSuccess() {
        return code == 0;
    }
}
