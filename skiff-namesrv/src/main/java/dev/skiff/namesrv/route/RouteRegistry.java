package dev.skiff.namesrv.route;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.BrokerMemberGroup;
import dev.skiff.remoting.protocol.body.ClusterInfo;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicList;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server's tables: topic → queue data per broker name; broker name → group (cluster,
 * addresses by id); cluster → broker names; broker process → liveness; broker process → filter
 * servers; topic → static-topic mapping per broker name.
 *
 * <p>Routes are read far more often than written, so one {@link ReentrantReadWriteLock} guards all
 * tables: lookups share the read lock, registrations and admin changes take the write lock for
 * a short, allocation-light update. Every change visible in a route bumps {@link #generation()}, which
 * {@link RouteCache} uses to know when an encoded route is stale. Liveness timestamps are
 * volatile and refreshed under the read lock.
 *
 * <p>Registration rules (sheet §6.4, official 5.5.0 behaviour): every registrant's address goes
 * into its group; topic data is taken only from the master (id 0) or, when there is no master,
 * from the "prime slave" (lowest id, new-style brokers only), whose write permission is removed when
 * acting-master mode is on. A registration from a different address for an occupied id loses to
 * the occupant when its state version is older.
 */
public final class RouteRegistry {
    private static final Logger log = LoggerFactory.getLogger(RouteRegistry.class);
    private static final String SYNC_BROKER_MEMBER_PREFIX = "rmq_sys_SYNC_BROKER_MEMBER_";
    private static final int FLAG_UNIT = 0x1;
    private static final int FLAG_UNIT_SUB = 0x2;

    private final SkiffClock clock;
    private final long defaultTimeoutMs;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueueTable = new HashMap<>();
    private final Map<String, BrokerGroup> brokerAddrTable = new HashMap<>();
    private final Map<String, Set<String>> clusterAddrTable = new HashMap<>();
    private final Map<BrokerAddrKey, BrokerLiveInfo> brokerLiveTable = new HashMap<>();
    private final Map<BrokerAddrKey, List<String>> filterServerTable = new HashMap<>();
    private final Map<String, Map<String, JsonValue>> topicQueueMappingTable = new HashMap<>();
    private volatile long generation;

    /**
     * @param defaultTimeoutMs liveness timeout of brokers that do not register their own
     */
    public RouteRegistry(SkiffClock clock, long defaultTimeoutMs) {
        this.clock = clock;
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    /** Incremented by every change that a route, cluster info or topic list could show. */
    public long generation() {
        return generation;
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers (or re-registers) a broker process.
     *
     * @param deleteMissingTopics drop this broker's queue data of topics its table no longer lists
     * @return the result, or null when refused (a single-topic registration before the first full one)
     */
    public RegistrationResult register(BrokerRegistration reg, boolean deleteMissingTopics) {
        lock.writeLock().lock();
        try {
            boolean changed = clusterAddrTable
                    .computeIfAbsent(reg.clusterName(), c -> new TreeSet<>())
                    .add(reg.brokerName());
            BrokerGroup group = brokerAddrTable.get(reg.brokerName());
            boolean registerFirst = group == null;
            if (group == null) {
                group = new BrokerGroup(reg.clusterName(), reg.brokerName());
                brokerAddrTable.put(reg.brokerName(), group);
                changed = true;
            }
            boolean oldVersionBroker = reg.enableActingMaster() == null;
            changed |= group.update(!oldVersionBroker && reg.enableActingMaster(), reg.zoneName());
            // One address holds one id: a slave promoted to master leaves its old id.
            changed |= group.addrs
                    .entrySet()
                    .removeIf(e -> e.getValue().equals(reg.brokerAddr()) && e.getKey() != reg.brokerId());
            if (losesToOccupant(group, reg)) {
                brokerLiveTable.remove(new BrokerAddrKey(reg.clusterName(), reg.brokerAddr()));
                bumpIf(changed);
                return RegistrationResult.NO_MASTER;
            }
            if (!group.addrs.containsKey(reg.brokerId())
                    && reg.topics().topicConfigTable().size() == 1) {
                log.warn(
                        "refusing single-topic registration of {} before its first full registration",
                        reg.brokerAddr());
                bumpIf(changed);
                return null;
            }
            String oldAddr = group.addrs.put(reg.brokerId(), reg.brokerAddr());
            changed |= !reg.brokerAddr().equals(oldAddr);
            registerFirst |= oldAddr == null || oldAddr.isEmpty();
            BrokerAddrKey key = new BrokerAddrKey(reg.clusterName(), reg.brokerAddr());
            boolean isMaster = reg.brokerId() == BrokerData.MASTER_ID;
            boolean isPrimeSlave = !oldVersionBroker && !isMaster && reg.brokerId() == group.addrs.firstKey();
            if (isMaster || isPrimeSlave) {
                changed |= applyTopics(reg, group, key, registerFirst, isPrimeSlave, deleteMissingTopics);
            }
            long timeoutMs = reg.timeoutMs() == null ? defaultTimeoutMs : reg.timeoutMs();
            BrokerLiveInfo previous = brokerLiveTable.put(
                    key,
                    new BrokerLiveInfo(
                            clock.nowMs(), timeoutMs, reg.topics().dataVersion(), reg.channel(), reg.haServerAddr()));
            if (previous == null) {
                log.info(
                        "new broker registered: {} {} id {} (HA {})",
                        reg.clusterName(),
                        reg.brokerAddr(),
                        reg.brokerId(),
                        reg.haServerAddr());
            }
            changed |= updateFilterServers(key, reg.filterServers());
            bumpIf(changed);
            return masterOf(group, reg);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean losesToOccupant(BrokerGroup group, BrokerRegistration reg) {
        String occupant = group.addrs.get(reg.brokerId());
        if (occupant == null || occupant.equals(reg.brokerAddr())) {
            return false;
        }
        BrokerLiveInfo occupantInfo = brokerLiveTable.get(new BrokerAddrKey(reg.clusterName(), occupant));
        if (occupantInfo != null
                && occupantInfo.dataVersion().stateVersion()
                        > reg.topics().dataVersion().stateVersion()) {
            log.warn(
                    "registration of {} as {} id {} conflicts with {} (newer state version); ignored",
                    reg.brokerAddr(),
                    reg.brokerName(),
                    reg.brokerId(),
                    occupant);
            return true;
        }
        return false;
    }

    private boolean applyTopics(
            BrokerRegistration reg,
            BrokerGroup group,
            BrokerAddrKey key,
            boolean registerFirst,
            boolean isPrimeSlave,
            boolean deleteMissingTopics) {
        Map<String, TopicConfig> table = reg.topics().topicConfigTable();
        Map<String, JsonValue> mapping = reg.topics().topicQueueMappingInfoMap();
        boolean hasMapping = mapping != null && !mapping.isEmpty();
        boolean changed = false;
        if (deleteMissingTopics && !hasMapping) {
            changed = removeTopicsNotIn(reg.brokerName(), table.keySet());
        }
        BrokerLiveInfo previous = brokerLiveTable.get(key);
        boolean versionChanged =
                previous == null || !previous.dataVersion().equals(reg.topics().dataVersion());
        for (TopicConfig config : table.values()) {
            Map<String, QueueData> queues = topicQueueTable.get(config.topicName());
            boolean missing = queues == null || !queues.containsKey(reg.brokerName());
            if (registerFirst || versionChanged || missing) {
                int perm = config.perm();
                if (isPrimeSlave && group.enableActingMaster) {
                    perm &= ~TopicConfig.PERM_WRITE;
                }
                changed |= putQueueData(
                        config.topicName(),
                        new QueueData(
                                reg.brokerName(),
                                config.readQueueNums(),
                                config.writeQueueNums(),
                                perm,
                                config.topicSysFlag()));
            }
        }
        if (hasMapping && (versionChanged || registerFirst)) {
            for (Map.Entry<String, JsonValue> e : mapping.entrySet()) {
                String bname = e.getValue() instanceof JsonObject o && o.getString("bname") != null
                        ? o.getString("bname")
                        : reg.brokerName();
                topicQueueMappingTable
                        .computeIfAbsent(e.getKey(), t -> new HashMap<>())
                        .put(bname, e.getValue());
            }
            changed = true;
        }
        return changed;
    }

    private boolean putQueueData(String topic, QueueData data) {
        QueueData previous =
                topicQueueTable.computeIfAbsent(topic, t -> new HashMap<>()).put(data.brokerName(), data);
        return !data.equals(previous);
    }

    private boolean removeTopicsNotIn(String brokerName, Set<String> keep) {
        boolean changed = false;
        var it = topicQueueTable.entrySet().iterator();
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

    private boolean updateFilterServers(BrokerAddrKey key, List<String> servers) {
        if (servers == null) {
            return false;
        }
        List<String> previous =
                servers.isEmpty() ? filterServerTable.remove(key) : filterServerTable.put(key, List.copyOf(servers));
        return servers.isEmpty() ? previous != null : !servers.equals(previous);
    }

    private RegistrationResult masterOf(BrokerGroup group, BrokerRegistration reg) {
        if (reg.brokerId() == BrokerData.MASTER_ID) {
            return RegistrationResult.NO_MASTER;
        }
        String masterAddr = group.addrs.get(BrokerData.MASTER_ID);
        if (masterAddr == null) {
            return RegistrationResult.NO_MASTER;
        }
        BrokerLiveInfo master = brokerLiveTable.get(new BrokerAddrKey(reg.clusterName(), masterAddr));
        return master == null
                ? RegistrationResult.NO_MASTER
                : new RegistrationResult(master.haServerAddr(), masterAddr);
    }

    /** Removes one broker process (UNREGISTER_BROKER, expiry or closed connection). */
    public void unregister(String clusterName, String brokerAddr, String brokerName) {
        lock.writeLock().lock();
        try {
            unregisterLocked(clusterName, brokerAddr, brokerName);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void unregisterLocked(String clusterName, String brokerAddr, String brokerName) {
        BrokerAddrKey key = new BrokerAddrKey(clusterName, brokerAddr);
        boolean changed = brokerLiveTable.remove(key) != null;
        changed |= filterServerTable.remove(key) != null;
        BrokerGroup group = brokerAddrTable.get(brokerName);
        boolean groupGone = false;
        if (group != null) {
            changed |= group.addrs.values().removeIf(brokerAddr::equals);
            if (group.addrs.isEmpty()) {
                brokerAddrTable.remove(brokerName);
                groupGone = true;
                changed = true;
            }
        }
        if (groupGone) {
            Set<String> names = clusterAddrTable.get(clusterName);
            if (names != null && names.remove(brokerName) && names.isEmpty()) {
                clusterAddrTable.remove(clusterName);
            }
        }
        changed |= cleanTopics(brokerName, groupGone);
        log.info(
                "broker {} ({} / {}) unregistered{}",
                brokerAddr,
                clusterName,
                brokerName,
                groupGone ? ", group removed" : "");
        bumpIf(changed);
    }

    private boolean cleanTopics(String brokerName, boolean groupGone) {
        boolean changed = false;
        BrokerGroup group = brokerAddrTable.get(brokerName);
        boolean wipeWrite = !groupGone && group != null && group.enableActingMaster && group.hasNoMaster();
        var it = topicQueueTable.entrySet().iterator();
        while (it.hasNext()) {
            Map<String, QueueData> queues = it.next().getValue();
            if (groupGone) {
                changed |= queues.remove(brokerName) != null;
                if (queues.isEmpty()) {
                    it.remove();
                }
            } else if (wipeWrite) {
                QueueData data = queues.get(brokerName);
                if (data != null && (data.perm() & TopicConfig.PERM_WRITE) != 0) {
                    queues.put(brokerName, data.withPerm(data.perm() & ~TopicConfig.PERM_WRITE));
                    changed = true;
                }
            }
        }
        if (groupGone) {
            topicQueueMappingTable.values().forEach(m -> m.remove(brokerName));
            topicQueueMappingTable.values().removeIf(Map::isEmpty);
        }
        return changed;
    }

    /** Refreshes a broker's liveness; false if it is not registered. */
    public boolean touch(String clusterName, String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo info = brokerLiveTable.get(new BrokerAddrKey(clusterName, brokerAddr));
            if (info != null) {
                info.touch(clock.nowMs());
            }
            return info != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The data version a broker last registered, or null. */
    public DataVersion dataVersion(String clusterName, String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo info = brokerLiveTable.get(new BrokerAddrKey(clusterName, brokerAddr));
            return info == null ? null : info.dataVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- liveness

    /**
     * Drops every broker not heard from within its timeout and closes its connection.
     *
     * @return how many were dropped
     */
    public int scanInactive() {
        long nowMs = clock.nowMs();
        List<RemotingChannel> toClose = new ArrayList<>();
        int dropped = 0;
        lock.writeLock().lock();
        try {
            for (BrokerAddrKey key : List.copyOf(brokerLiveTable.keySet())) {
                BrokerLiveInfo info = brokerLiveTable.get(key);
                if (info.expired(nowMs)) {
                    log.warn(
                            "broker {} silent for {} ms (limit {} ms); removing it",
                            key.brokerAddr(),
                            nowMs - info.lastUpdateMs(),
                            info.timeoutMs());
                    if (info.channel() != null) {
                        toClose.add(info.channel());
                    }
                    removeProcess(key);
                    dropped++;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        toClose.forEach(RemotingChannel::close);
        return dropped;
    }

    /** Drops the brokers that registered over a connection that has closed. */
    public int onChannelClosed(RemotingChannel channel) {
        lock.writeLock().lock();
        try {
            int dropped = 0;
            for (Map.Entry<BrokerAddrKey, BrokerLiveInfo> e : List.copyOf(brokerLiveTable.entrySet())) {
                if (e.getValue().channel() != null && e.getValue().channel().equals(channel)) {
                    log.info(
                            "connection of broker {} closed; removing it",
                            e.getKey().brokerAddr());
                    removeProcess(e.getKey());
                    dropped++;
                }
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeProcess(BrokerAddrKey key) {
        String brokerName = null;
        for (BrokerGroup group : brokerAddrTable.values()) {
            if (group.cluster.equals(key.clusterName()) && group.addrs.containsValue(key.brokerAddr())) {
                brokerName = group.brokerName;
                break;
            }
        }
        if (brokerName == null) {
            brokerLiveTable.remove(key);
            filterServerTable.remove(key);
            return;
        }
        unregisterLocked(key.clusterName(), key.brokerAddr(), brokerName);
    }

    /** Number of live broker processes. */
    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return brokerLiveTable.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- routes and lists

    /**
     * The route of a topic, or a snapshot with a null route when no live broker serves it.
     *
     * @param actingMaster present a read-only lowest-id slave as master when a group has none
     */
    public RouteSnapshot route(String topic, boolean actingMaster) {
        TopicRouteData route;
        long gen;
        lock.readLock().lock();
        try {
            gen = generation;
            route = buildRoute(topic);
        } finally {
            lock.readLock().unlock();
        }
        if (route != null && actingMaster && !topic.startsWith(SYNC_BROKER_MEMBER_PREFIX)) {
            route = ActingMaster.apply(route);
        }
        return new RouteSnapshot(route, gen);
    }

    private TopicRouteData buildRoute(String topic) {
        Map<String, QueueData> queues = topicQueueTable.get(topic);
        if (queues == null || queues.isEmpty()) {
            return null;
        }
        List<QueueData> queueDatas = new ArrayList<>(queues.values());
        queueDatas.sort(Comparator.comparing(QueueData::brokerName));
        List<BrokerData> brokerDatas = new ArrayList<>();
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (QueueData q : queueDatas) {
            BrokerGroup group = brokerAddrTable.get(q.brokerName());
            if (group == null) {
                continue;
            }
            brokerDatas.add(group.snapshot());
            if (!filterServerTable.isEmpty()) {
                for (String addr : group.addrs.values()) {
                    List<String> servers = filterServerTable.get(new BrokerAddrKey(group.cluster, addr));
                    if (servers != null) {
                        filters.put(addr, servers);
                    }
                }
            }
        }
        if (brokerDatas.isEmpty()) {
            return null;
        }
        Map<String, JsonValue> mapping = topicQueueMappingTable.get(topic);
        JsonObject mappingJson = null;
        if (mapping != null && !mapping.isEmpty()) {
            mappingJson = new JsonObject();
            for (Map.Entry<String, JsonValue> e : mapping.entrySet()) {
                mappingJson.put(e.getKey(), e.getValue());
            }
        }
        return new TopicRouteData(null, queueDatas, brokerDatas, filters, mappingJson);
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokers = new TreeMap<>();
            brokerAddrTable.forEach((name, group) -> brokers.put(name, group.snapshot()));
            Map<String, Set<String>> clusters = new TreeMap<>();
            clusterAddrTable.forEach((cluster, names) -> clusters.put(cluster, new TreeSet<>(names)));
            return new ClusterInfo(brokers, clusters);
        } finally {
            lock.readLock().unlock();
        }
    }

    public TopicList allTopics() {
        lock.readLock().lock();
        try {
            return new TopicList(new TreeSet<>(topicQueueTable.keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics with queue data on any broker of the cluster; empty for an unknown cluster. */
    public TopicList topicsByCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusterAddrTable.getOrDefault(cluster, Set.of());
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                for (String name : names) {
                    if (queues.containsKey(name)) {
                        topics.add(topic);
                        break;
                    }
                }
            });
            return new TopicList(topics);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster names and broker names (each is a system topic), plus one broker address to ask. */
    public TopicList systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> topics = new LinkedHashSet<>();
            clusterAddrTable.forEach((cluster, names) -> {
                topics.add(cluster);
                topics.addAll(names);
            });
            String addr = null;
            for (BrokerGroup group : brokerAddrTable.values()) {
                if (!group.addrs.isEmpty()) {
                    addr = group.addrs.firstEntry().getValue();
                    break;
                }
            }
            return new TopicList(topics, addr);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Which unit-related topic list to build (GET_UNIT_TOPIC_LIST and its two siblings). */
    public enum UnitFilter {
        /** topicSysFlag has the unit bit. */
        UNIT,
        /** topicSysFlag has the unit-subscription bit. */
        HAS_UNIT_SUB,
        /** unit-subscription bit without the unit bit. */
        HAS_UNIT_SUB_NOT_UNIT;

        boolean matches(int flag) {
            boolean unit = (flag & FLAG_UNIT) != 0;
            boolean unitSub = (flag & FLAG_UNIT_SUB) != 0;
            return switch (this) {
                case UNIT -> unit;
                case HAS_UNIT_SUB -> unitSub;
                case HAS_UNIT_SUB_NOT_UNIT -> unitSub && !unit;
            };
        }
    }

    /** Topics whose (first) queue data's sys flag matches the filter. */
    public TopicList unitTopics(UnitFilter filter) {
        lock.readLock().lock();
        try {
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                if (!queues.isEmpty()
                        && filter.matches(queues.values().iterator().next().topicSysFlag())) {
                    topics.add(topic);
                }
            });
            return new TopicList(topics);
        } finally {
            lock.readLock().unlock();
        }
    }

    public BrokerMemberGroup memberGroup(String clusterName, String brokerName) {
        lock.readLock().lock();
        try {
            BrokerGroup group = brokerAddrTable.get(brokerName);
            return new BrokerMemberGroup(clusterName, brokerName, group == null ? Map.of() : group.addrs);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- admin changes

    /** Removes WRITE from every topic of the broker group; returns how many topics it touched. */
    public int wipeWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> perm & ~TopicConfig.PERM_WRITE);
    }

    /** Sets every topic of the broker group to READ|WRITE; returns how many topics it touched. */
    public int addWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
    }

    private int changePerm(String brokerName, IntUnaryOperator change) {
        lock.writeLock().lock();
        try {
            int count = 0;
            for (Map<String, QueueData> queues : topicQueueTable.values()) {
                QueueData data = queues.get(brokerName);
                if (data != null) {
                    queues.put(brokerName, data.withPerm(change.applyAsInt(data.perm())));
                    count++;
                }
            }
            bumpIf(count > 0);
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds queue data for a topic (REGISTER_TOPIC_IN_NAMESRV); ignored when a broker is unknown. */
    public boolean registerTopic(String topic, List<QueueData> queueDatas) {
        if (queueDatas.isEmpty()) {
            return false;
        }
        lock.writeLock().lock();
        try {
            for (QueueData q : queueDatas) {
                if (!brokerAddrTable.containsKey(q.brokerName())) {
                    log.warn(
                            "REGISTER_TOPIC_IN_NAMESRV for {} names unknown broker {}; ignored", topic, q.brokerName());
                    return false;
                }
            }
            boolean changed = false;
            for (QueueData q : queueDatas) {
                changed |= putQueueData(topic, q);
            }
            bumpIf(changed);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes a topic everywhere, or only from the brokers of {@code clusterName} when given. */
    public void deleteTopic(String topic, String clusterName) {
        lock.writeLock().lock();
        try {
            if (clusterName == null || clusterName.isEmpty()) {
                bumpIf(topicQueueTable.remove(topic) != null);
                return;
            }
            Set<String> names = clusterAddrTable.get(clusterName);
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (names == null || queues == null) {
                return;
            }
            boolean changed = queues.keySet().removeAll(names);
            if (queues.isEmpty()) {
                topicQueueTable.remove(topic);
            }
            bumpIf(changed);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void bumpIf(boolean changed) {
        if (changed) {
            generation++;
        }
    }
}
