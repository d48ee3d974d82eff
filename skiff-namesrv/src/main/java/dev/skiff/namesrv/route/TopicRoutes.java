package dev.skiff.namesrv.route;

import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * Which topics are served where: topic → queue data per broker name, and topic → static-topic
 * mapping per broker name; with the changes made to them (by registrations, unregistrations and
 * admin requests) and the topic lists built from them alone. A topic whose last queue data goes
 * is removed. Every change method answers whether anything changed, for the registry's generation.
 *
 * <p>Not thread-safe: guarded by {@link RouteRegistry}'s lock (read lock for the views, write lock
 * for changes).
 */
final class TopicRoutes {
    private final Map<String, Map<String, QueueData>> queuesByTopic = new HashMap<>();
    private final Map<String, Map<String, JsonValue>> mappingByTopic = new HashMap<>();

    /** The topic's queue data by broker name, null when no broker serves it. */
    Map<String, QueueData> queues(String topic) {
        return queuesByTopic.get(topic);
    }

    /** The topic's static-topic mapping by broker name, null when none. */
    Map<String, JsonValue> mapping(String topic) {
        return mappingByTopic.get(topic);
    }

    /** Whether the broker name has queue data of the topic. */
    boolean serves(String topic, String brokerName) {
        Map<String, QueueData> queues = queuesByTopic.get(topic);
        return queues != null && queues.containsKey(brokerName);
    }

    /** Sets one broker's queue data of the topic; true if it differs from before. */
    boolean put(String topic, QueueData data) {
        QueueData previous =
                queuesByTopic.computeIfAbsent(topic, t -> new HashMap<>()).put(data.brokerName(), data);
        return !data.equals(previous);
    }

    /** Sets one broker's static-topic mapping of the topic. */
    void putMapping(String topic, String brokerName, JsonValue mapping) {
        mappingByTopic.computeIfAbsent(topic, t -> new HashMap<>()).put(brokerName, mapping);
    }

    /** Drops the broker's queue data of every topic not in {@code keep}; true if any went. */
    boolean removeTopicsNotIn(String brokerName, Set<String> keep) {
        boolean changed = false;
        var it = queuesByTopic.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (!keep.contains(entry.getKey()) && entry.getValue().remove(brokerName) != null) {
                changed = true;
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return changed;
    }

    /** Drops everything of a broker name that is gone (its queue data and mappings); true if queue data went. */
    boolean removeBroker(String brokerName) {
        boolean changed = false;
        var it = queuesByTopic.entrySet().iterator();
        while (it.hasNext()) {
            Map<String, QueueData> queues = it.next().getValue();
            changed |= queues.remove(brokerName) != null;
            if (queues.isEmpty()) {
                it.remove();
            }
        }
        mappingByTopic.values().forEach(m -> m.remove(brokerName));
        mappingByTopic.values().removeIf(Map::isEmpty);
        return changed;
    }

    /** Removes WRITE from the broker's queue data of every topic that has it; true if any changed. */
    boolean wipeWrite(String brokerName) {
        boolean changed = false;
        for (Map<String, QueueData> queues : queuesByTopic.values()) {
            QueueData data = queues.get(brokerName);
            if (data != null && (data.perm() & TopicConfig.PERM_WRITE) != 0) {
                queues.put(brokerName, data.withPerm(data.perm() & ~TopicConfig.PERM_WRITE));
                changed = true;
            }
        }
        return changed;
    }

    /** Applies {@code change} to the perm of the broker's queue data of every topic; returns how many. */
    int changePerm(String brokerName, IntUnaryOperator change) {
        int count = 0;
        for (Map<String, QueueData> queues : queuesByTopic.values()) {
            QueueData data = queues.get(brokerName);
            if (data != null) {
                queues.put(brokerName, data.withPerm(change.applyAsInt(data.perm())));
                count++;
            }
        }
        return count;
    }

    /** Deletes a topic everywhere; true if it existed. */
    boolean remove(String topic) {
        return queuesByTopic.remove(topic) != null;
    }

    /** Deletes a topic from the named brokers ({@code null}: none); true if any queue data went. */
    boolean removeFrom(String topic, Set<String> brokerNames) {
        Map<String, QueueData> queues = queuesByTopic.get(topic);
        if (brokerNames == null || queues == null) {
            return false;
        }
        boolean changed = queues.keySet().removeAll(brokerNames);
        if (queues.isEmpty()) {
            queuesByTopic.remove(topic);
        }
        return changed;
    }

    TopicList all() {
        return new TopicList(new TreeSet<>(queuesByTopic.keySet()));
    }

    /** Topics with queue data on any of the broker names. */
    TopicList servedByAny(Set<String> brokerNames) {
        Set<String> topics = new TreeSet<>();
        queuesByTopic.forEach((topic, queues) -> {
            for (String name : brokerNames) {
                if (queues.containsKey(name)) {
                    topics.add(topic);
                    break;
                }
            }
        });
        return new TopicList(topics);
    }

    /** Topics whose (first) queue data's sys flag matches the filter. */
    TopicList unitTopics(RouteRegistry.UnitFilter filter) {
        Set<String> topics = new TreeSet<>();
        queuesByTopic.forEach((topic, queues) -> {
            if (!queues.isEmpty()
                    && filter.matches(queues.values().iterator().next().topicSysFlag())) {
                topics.add(topic);
            }
        });
        return new TopicList(topics);
    }
}
