package dev.skiff.broker.client;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.HeartbeatData.ConsumerData;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups known from heartbeats: group → client id → {@link ClientConnection}, plus the
 * group's subscriptions and mode. Bounded: at most {@link ClientTables#groupsMax()} groups and
 * {@link ClientTables#clientsPerGroupMax()} members per group; a heartbeat beyond that is refused
 * for that group.
 *
 * <p>Changes happen inside {@link ConcurrentHashMap#compute}, so a group is created, changed and
 * dropped (when its last member leaves) atomically; reads take a synchronized copy of one group.
 *
 * <p>Read API (used by pulls, rebalance and the admin requests):
 * <ul>
 *   <li>{@link #consumerIds(String)} — sorted client ids of a group (GET_CONSUMER_LIST_BY_GROUP);
 *   <li>{@link #group(String)} — a {@link ConsumerGroupSnapshot}: connections (client id, client
 *       address, language, version), subscriptions by topic, consume type, message model,
 *       consume-from-where (GET_CONSUMER_CONNECTION_LIST, QUERY_SUBSCRIPTION_BY_CONSUMER);
 *   <li>{@link #subscription(String, String)} — one topic's subscription of a group (pulls);
 *   <li>{@link #groupsSubscribing(String)} — groups with a subscription to a topic
 *       (QUERY_TOPIC_CONSUME_BY_WHO);
 *   <li>{@link #groupNames()} and {@link #channels(String)}.
 * </ul>
 */
public final class ConsumerRegistry {
    private final ClientTables limits;
    private final SkiffClock clock;
    private final Map<String, ConsumerGroupState> groups = new ConcurrentHashMap<>();

    public ConsumerRegistry(ClientTables limits, SkiffClock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * What a heartbeat did to a group.
     *
     * @param rejected the group or member limit was reached; nothing was recorded
     * @param membersChanged a client joined
     * @param subscriptionsChanged a topic was added, dropped or its expression changed
     */
    public record Outcome(boolean rejected, boolean membersChanged, boolean subscriptionsChanged) {
        public boolean changed() {
            return membersChanged || subscriptionsChanged;
        }
    }

    /** Records one consumer group of a heartbeat. */
    public Outcome register(ConsumerData data, ClientConnection conn) {
        long now = clock.nowMs();
        Outcome[] out = new Outcome[1];
        groups.compute(data.groupName(), (name, state) -> {
            if (state == null) {
                if (groups.size() >= limits.groupsMax()) {
                    out[0] = new Outcome(true, false, false);
                    return null;
                }
                state = new ConsumerGroupState(name);
            }
            ConsumerGroupState.Update u = state.update(data, conn, now, limits.clientsPerGroupMax());
            out[0] = new Outcome(u.rejected(), u.membersChanged(), u.subscriptionsChanged());
            return state.isEmpty() ? null : state;
        });
        return out[0];
    }

    /** Removes a client from a group; true if it was a member. */
    public boolean unregister(String group, String clientId) {
        boolean[] removed = new boolean[1];
        groups.computeIfPresent(group, (name, state) -> {
            removed[0] = state.remove(clientId);
            return state.isEmpty() ? null : state;
        });
        return removed[0];
    }

    /** Removes every membership held through {@code channel}; returns the groups that lost one. */
    public Set<String> removeChannel(RemotingChannel channel) {
        Set<String> changed = new TreeSet<>();
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (name, state) -> {
                if (state.removeChannel(channel)) {
                    changed.add(name);
                }
                return state.isEmpty() ? null : state;
            });
        }
        return changed;
    }

    /** Removes members silent for longer than the expiry time; returns them by group. */
    public Map<String, List<ClientConnection>> expireSilent() {
        long oldestAllowed = clock.nowMs() - limits.channelExpiredTimeoutMs();
        Map<String, List<ClientConnection>> expired = new LinkedHashMap<>();
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (name, state) -> {
                List<ClientConnection> removed = state.removeSilent(oldestAllowed);
                if (!removed.isEmpty()) {
                    expired.put(name, removed);
                }
                return state.isEmpty() ? null : state;
            });
        }
        return expired;
    }

    /** Sorted client ids of the group's members; empty when the group is unknown. */
    public List<String> consumerIds(String group) {
        ConsumerGroupState state = groups.get(group);
        return state == null ? List.of() : state.clientIds();
    }

    /** The group as the registry holds it. */
    public Optional<ConsumerGroupSnapshot> group(String group) {
        ConsumerGroupState state = groups.get(group);
        return state == null ? Optional.empty() : Optional.of(state.snapshot());
    }

    /** The group's subscription to the topic, or null. */
    public SubscriptionData subscription(String group, String topic) {
        ConsumerGroupState state = groups.get(group);
        return state == null ? null : state.subscription(topic);
    }

    /** Whether the group's latest heartbeat said BROADCASTING. */
    public boolean isBroadcasting(String group) {
        ConsumerGroupState state = groups.get(group);
        return state != null && state.isBroadcasting();
    }

    /** Groups with a live member and a subscription to {@code topic}, sorted. */
    public Set<String> groupsSubscribing(String topic) {
        Set<String> result = new TreeSet<>();
        groups.forEach((name, state) -> {
            if (state.subscribes(topic)) {
                result.add(name);
            }
        });
        return result;
    }

    /** Names of all groups with members, sorted. */
    public Set<String> groupNames() {
        return new TreeSet<>(groups.keySet());
    }

    /** The connections of the group's members (to notify them). */
    public List<RemotingChannel> channels(String group) {
        ConsumerGroupState state = groups.get(group);
        return state == null ? List.of() : new ArrayList<>(state.channels());
    }

    public int groupCount() {
        return groups.size();
    }
}
