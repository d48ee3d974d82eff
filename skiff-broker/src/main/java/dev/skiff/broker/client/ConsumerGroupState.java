package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.HeartbeatData.ConsumerData;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable record of one consumer group inside {@link ConsumerRegistry}. Every method is
 * synchronized on the instance, so readers see whole updates.
 */
final class ConsumerGroupState {
    private final String group;
    private final Map<String, ClientConnection> clients = new HashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new HashMap<>();
    private String consumeType;
    private String messageModel;
    private String consumeFromWhere;
    private long lastUpdateMs;

    ConsumerGroupState(String group) {
        this.group = group;
    }

    /** Outcome of {@link #update}: rejected (member limit), and what changed. */
    record Update(boolean rejected, boolean membersChanged, boolean subscriptionsChanged) {}

    synchronized Update update(ConsumerData data, ClientConnection conn, long nowMs, int clientsMax) {
        ClientConnection existing = clients.get(conn.clientId());
        boolean joined = existing == null;
        if (joined && clients.size() >= clientsMax) {
            return new Update(true, false, false);
        }
        if (existing != null && existing.channel() == conn.channel()) {
            existing.touch(nowMs);
        } else {
            clients.put(conn.clientId(), conn);
        }
        consumeType = data.consumeType();
        messageModel = data.messageModel();
        consumeFromWhere = data.consumeFromWhere();
        lastUpdateMs = nowMs;
        return new Update(false, joined, updateSubscriptions(data.subscriptionDataSet()));
    }

    private boolean updateSubscriptions(List<SubscriptionData> latest) {
        boolean changed = false;
        Map<String, SubscriptionData> seen = new HashMap<>();
        for (SubscriptionData sub : latest) {
            seen.put(sub.topic(), sub);
            SubscriptionData old = subscriptions.get(sub.topic());
            if (old == null) {
                subscriptions.put(sub.topic(), sub);
                changed = true;
            } else if (sub.subVersion() > old.subVersion()) {
                subscriptions.put(sub.topic(), sub);
                changed |= !old.subString().equals(sub.subString())
                        || !old.expressionType().equals(sub.expressionType());
            }
        }
        changed |= subscriptions.keySet().removeIf(topic -> !seen.containsKey(topic));
        return changed;
    }

    synchronized boolean remove(String clientId) {
        return clients.remove(clientId) != null;
    }

    synchronized boolean removeChannel(RemotingChannel channel) {
        return clients.values().removeIf(c -> c.channel() == channel);
    }

    /** Removes members silent since before {@code oldestAllowedMs}; returns them. */
    synchronized List<ClientConnection> removeSilent(long oldestAllowedMs) {
        List<ClientConnection> removed = new ArrayList<>();
        for (Iterator<ClientConnection> it = clients.values().iterator(); it.hasNext(); ) {
            ClientConnection c = it.next();
            if (c.lastHeartbeatMs() < oldestAllowedMs) {
                it.remove();
                removed.add(c);
            }
        }
        return removed;
    }

    synchronized boolean isEmpty() {
        return clients.isEmpty();
    }

    synchronized boolean isBroadcasting() {
        return "BROADCASTING".equals(messageModel);
    }

    synchronized boolean subscribes(String topic) {
        return subscriptions.containsKey(topic);
    }

    synchronized SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    synchronized List<RemotingChannel> channels() {
        List<RemotingChannel> channels = new ArrayList<>(clients.size());
        clients.values().forEach(c -> channels.add(c.channel()));
        return channels;
    }

    synchronized List<String> clientIds() {
        List<String> ids = new ArrayList<>(clients.keySet());
        ids.sort(null);
        return ids;
    }

    synchronized ConsumerGroupSnapshot snapshot() {
        return new ConsumerGroupSnapshot(
                group,
                new ArrayList<>(new TreeMap<>(clients).values()),
                subscriptions,
                consumeType,
                messageModel,
                consumeFromWhere,
                lastUpdateMs);
    }
}
