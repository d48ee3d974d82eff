package dev.skiff.broker.topic;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.io.JsonTableFile;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker's topics, persisted to {@code config/topics.json} in the official
 * {@code TopicConfigSerializeWrapper} form (so the name-server registration body is this file's
 * content). Reads are lock-free; changes are serialized on this object, written atomically
 * before they are visible to listeners, and bump the data version.
 *
 * <p>Listeners run on the thread that made the change and must only hand work off (the
 * registrar schedules a registration).
 */
public final class TopicConfigTable {
    private final JsonTableFile file;
    private final SkiffClock clock;
    private final int topicsMax;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final List<Consumer<TopicConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile DataVersion dataVersion = DataVersion.ZERO;

    private TopicConfigTable(Path path, SkiffClock clock, int topicsMax) {
        this.file = new JsonTableFile(path);
        this.clock = clock;
        this.topicsMax = topicsMax;
    }

    /**
     * Loads the table (or its backup, if it is damaged; or starts empty) and makes sure the system topics exist.
     *
     * @param topicsMax the most topics the broker accepts; creation beyond it fails
     */
    public static TopicConfigTable open(Path path, SkiffClock clock, int topicsMax, List<TopicConfig> systemTopics)
            throws IOException {
        TopicConfigTable table = new TopicConfigTable(path, clock, topicsMax);
        TopicConfigSerializeWrapper wrapper = table.file.read(TopicConfigSerializeWrapper::fromJson);
        if (wrapper != null) {
            table.topics.putAll(wrapper.topicConfigTable());
            table.dataVersion = wrapper.dataVersion();
        }
        boolean changed = false;
        for (TopicConfig system : systemTopics) {
            TopicConfig existing = table.topics.get(system.topicName());
            if (existing == null || isTemplate(system) && !existing.equals(system)) {
                table.topics.put(system.topicName(), system);
                changed = true;
            }
        }
        if (changed || wrapper == null) {
            table.dataVersion = table.dataVersion.next(clock.nowMs());
            table.persist();
        }
        return table;
    }

    private static boolean isTemplate(TopicConfig topic) {
        return topic.topicName().equals(SystemTopics.DEFAULT_TOPIC)
                || topic.topicName().equals(SystemTopics.SCHEDULE_TOPIC);
    }

    /** The topic's config, or null. */
    public TopicConfig get(String topic) {
        return topics.get(topic);
    }

    public boolean contains(String topic) {
        return topics.containsKey(topic);
    }

    /** A snapshot of all topics, sorted by name. */
    public Collection<TopicConfig> all() {
        synchronized (this) { // one consistent state: never half of a replaceAll or createOrUpdateAll
            return new TreeMap<>(topics).values();
        }
    }

    public int size() {
        return topics.size();
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** The table and version as sent to name servers. */
    public TopicConfigSerializeWrapper snapshot() {
        synchronized (this) {
            return TopicConfigSerializeWrapper.withMapping(new TreeMap<>(topics), dataVersion);
        }
    }

    /** Called with each created, updated or deleted topic (deleted: the old config). */
    public void addListener(Consumer<TopicConfig> listener) {
        listeners.add(listener);
    }

    /** Creates or replaces a topic; persists before returning. */
    public TopicConfig createOrUpdate(TopicConfig config) {
        createOrUpdateAll(List.of(config));
        return topics.get(config.topicName());
    }

    /**
     * Creates or replaces every topic of {@code configs} and persists the table once (a list of
     * 1,000 topics written one file rewrite per topic took seconds). Refuses the whole list, changing
     * nothing, when it would pass the topic limit.
     */
    public void createOrUpdateAll(List<TopicConfig> configs) {
        List<TopicConfig> changedTopics = new ArrayList<>(configs.size());
        synchronized (this) {
            int added = 0;
            for (TopicConfig config : configs) {
                if (!topics.containsKey(config.topicName())) {
                    added++;
                }
            }
            if (added > 0 && topics.size() + added > topicsMax) {
                throw new IllegalStateException("topic limit reached: " + topicsMax + " topics");
            }
            for (TopicConfig config : configs) {
                TopicConfig old = topics.put(config.topicName(), config);
                if (!config.equals(old)) {
                    changedTopics.add(config);
                }
            }
            if (!changedTopics.isEmpty()) {
                changed();
            }
        }
        changedTopics.forEach(this::notifyListeners);
    }

    /** Removes a topic; false if it did not exist. */
    public boolean delete(String topic) {
        TopicConfig old;
        synchronized (this) {
            old = topics.remove(topic);
            if (old == null) {
                return false;
            }
            changed();
        }
        notifyListeners(old);
        return true;
    }

    /**
     * The topic, created with {@code queueNums} read and write queues and {@code perm} if absent
     * (retry, dead-letter and other broker-made topics). An existing topic is returned unchanged.
     */
    public TopicConfig ensure(String topic, int queueNums, int perm, int topicSysFlag) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
        }
        TopicConfig created = TopicConfig.of(topic, queueNums, queueNums, perm);
        if (topicSysFlag != 0) {
            created = new TopicConfig(
                    topic, queueNums, queueNums, perm, created.topicFilterType(), topicSysFlag, false, Map.of());
        }
        synchronized (this) {
            existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            return createOrUpdate(created);
        }
    }

    /**
     * Auto-creation on first send: the topic gets {@code min(requestedQueueNums, template's write
     * queues)} queues and the template's perm without INHERIT. Null when the template does not
     * exist or does not allow inheritance (auto-creation off).
     */
    public TopicConfig createFromTemplate(
            String topic, String templateTopic, int requestedQueueNums, int topicSysFlag) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = topics.get(templateTopic);
        if (template == null || (template.perm() & TopicConfig.PERM_INHERIT) == 0) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueueNums, template.writeQueueNums()));
        int perm = template.perm() & ~TopicConfig.PERM_INHERIT;
        return ensure(topic, queues, perm, topicSysFlag);
    }

    /**
     * Bumps the data version, and persists it, with no topic changed. For a change outside the
     * table that changes how its topics are registered (the broker's permission limits every
     * registered perm): a name server re-reads a broker's topics only when their version changes.
     * Listeners are not called.
     */
    public synchronized void bumpDataVersion() {
        changed();
    }

    /**
     * Moves the data version on with its state version set to {@code stateVersion}, and persists it.
     * In controller mode the state version is the master epoch the broker last took a role in, so a
     * name server keeps a newer master's registration over a replaced one's. Listeners are not called.
     */
    public synchronized void setStateVersion(long stateVersion) {
        dataVersion = dataVersion.nextState(stateVersion, clock.nowMs());
        persist();
    }

    /**
     * Makes the table equal to {@code copy} (a slave copying its master's table): topics missing
     * from it are removed, the others created or replaced, and the table persisted once. The data
     * version moves on from this table's own, so listeners (the registrar) see a change. Refuses a
     * copy larger than the topic limit, changing nothing.
     */
    public void replaceAll(Map<String, TopicConfig> copy) {
        if (copy.size() > topicsMax) {
            throw new IllegalStateException("topic limit reached: " + topicsMax + " topics, copy has " + copy.size());
        }
        List<TopicConfig> changedTopics = new ArrayList<>();
        synchronized (this) {
            for (TopicConfig old : List.copyOf(topics.values())) {
                if (!copy.containsKey(old.topicName())) {
                    topics.remove(old.topicName());
                    changedTopics.add(old);
                }
            }
            for (TopicConfig config : copy.values()) {
                if (!config.equals(topics.put(config.topicName(), config))) {
                    changedTopics.add(config);
                }
            }
            if (!changedTopics.isEmpty()) {
                changed();
            }
        }
        changedTopics.forEach(this::notifyListeners);
    }

    /** Names of all topics. */
    public List<String> names() {
        synchronized (this) { // as all(): a list copy is a whole state of the table
            return new ArrayList<>(new TreeMap<>(topics).keySet());
        }
    }

    private void changed() {
        dataVersion = dataVersion.next(clock.nowMs());
        persist();
    }

    private void notifyListeners(TopicConfig config) {
        for (Consumer<TopicConfig> listener : listeners) {
            listener.accept(config);
        }
    }

    private void persist() {
        try {
            file.write(TopicConfigSerializeWrapper.withMapping(new TreeMap<>(topics), dataVersion)
                    .encode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.path(), e);
        }
    }
}
