package dev.skiff.auth.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * One entry of a policy: on {@code resource}, {@code actions} are {@code decision}; when
 * {@code sourceIps} is not empty, only for requests from one of those ranges.
 */
public record PolicyEntry(ResourcePattern resource, Set<Action> actions, List<IpRange> sourceIps, Decision decision) {
    public static final int SOURCE_IPS_MAX = 64;

    public PolicyEntry {
        if (resource == null || decision == null) {
            throw new IllegalArgumentException("resource and decision are required");
        }
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("actions are empty");
        }
        if (actions.contains(Action.ANY)) {
            throw new IllegalArgumentException("actions can not be Any");
        }
        actions = Set.copyOf(actions);
        sourceIps = List.copyOf(sourceIps == null ? List.of() : sourceIps);
        if (sourceIps.size() > SOURCE_IPS_MAX) {
            throw new IllegalArgumentException("at most " + SOURCE_IPS_MAX + " source ips per entry");
        }
    }

    /** Whether this entry grants or denies one of {@code asked} (any one is enough). */
    public boolean coversAnyOf(Set<Action> asked) {
        if (actions.contains(Action.ALL) || asked.contains(Action.ANY)) {
            return true;
        }
        for (Action action : asked) {
            if (actions.contains(action)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a request from {@code source} (null when unknown) meets the source condition; reads
     * the address bytes only when this entry names source ranges.
     */
    public boolean coversSource(InetAddress source) {
        return sourceIps.isEmpty() || coversSource(source == null ? null : source.getAddress());
    }

    /** Whether a request from {@code sourceAddress} (raw bytes, null when unknown) meets the source condition. */
    public boolean coversSource(byte[] sourceAddress) {
        if (sourceIps.isEmpty()) {
            return true;
        }
        for (IpRange range : sourceIps) {
            if (range.contains(sourceAddress)) {
                return true;
            }
        }
        return false;
    }
}
