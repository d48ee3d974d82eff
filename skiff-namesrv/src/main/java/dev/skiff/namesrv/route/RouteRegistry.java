package dev.skiff.namesrv.route;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.BrokerMemberGroup;
import dev.skiff.remoting.protocol.body.ClusterInfo;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicList;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server's tables, behind one facade: {@link BrokerGroups} (broker name → group with
 * cluster and addresses by id; cluster → broker names), {@link LiveBrokers} (broker process →
 * liveness and filter servers) and {@link TopicRoutes} (topic → queue data and static-topic
 * mapping per broker name). {@link BrokerRegistrar} holds the registration rules, {@link
 * TopicRouteBuilder} assembles a topic's route from the three.
 *
 * <p><b>Locking.</b> Routes are read far more often than written, so one {@link
 * ReentrantReadWriteLock}, this class's {@code lock}, guards all three tables and the groups in
 * them; none of the parts locks anything itself. Lookups share the read lock; registrations,
 * unregistrations, expiry and admin changes take the write lock for a short, allocation-light
 * update. Liveness timestamps are volatile and refreshed under the read lock ({@link #touch}).
 * Connections of expired brokers are closed after the lock is released. Every change visible in a
 * route bumps {@link #generation()} ({@link RouteGeneration}, bumped under the write lock, read
 * without it), which {@link RouteCache} uses to know when an encoded route is stale.
 */
public final class RouteRegistry {
    private static final Logger log = LoggerFactory.getLogger(RouteRegistry.class);
    private static final String SYNC_BROKER_MEMBER_PREFIX = "rmq_sys_SYNC_BROKER_MEMBER_";
    private static final int FLAG_UNIT = 0x1;
    private static final int FLAG_UNIT_SUB = 0x2;

    private final SkiffClock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BrokerGroups groups = new BrokerGroups();
    private final LiveBrokers live = new LiveBrokers();
    private final TopicRoutes topics = new TopicRoutes();
    private final RouteGeneration generation = new RouteGeneration();
    private final BrokerRegistrar registrar;
    private final TopicRouteBuilder routes;

    /**
     * @param defaultTimeoutMs liveness timeout of brokers that do not register their own
     */
    public RouteRegistry(SkiffClock clock, long defaultTimeoutMs) {
        this.clock = clock;
        this.registrar = new BrokerRegistrar(groups, live, topics, generation, clock, defaultTimeoutMs);
        this.routes = new TopicRouteBuilder(topics, groups, live);
    }

    /** Incremented by every change that a route, cluster info or topic list could show. */
    public long generation() {
        return generation.get();
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers (or re-registers) a broker process (the rules: {@link BrokerRegistrar}).
     *
     * @param deleteMissingTopics drop this broker's queue data of topics its table no longer lists
     * @return the result, or null when refused (a single-topic registration before the first full one)
     */
    public RegistrationResult register(BrokerRegistration reg, boolean deleteMissingTopics) {
        lock.writeLock().lock();
        try {
            return registrar.register(reg, deleteMissingTopics);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one broker process (UNREGISTER_BROKER, expiry or closed connection). */
    public void unregister(String clusterName, String brokerAddr, String brokerName) {
        lock.writeLock().lock();
        try {
            registrar.unregister(clusterName, brokerAddr, brokerName);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Refreshes a broker's liveness; false if it is not registered. */
    public boolean touch(String clusterName, String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo info = live.get(new BrokerAddrKey(clusterName, brokerAddr));
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
            BrokerLiveInfo info = live.get(new BrokerAddrKey(clusterName, brokerAddr));
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
        int dropped;
        lock.writeLock().lock();
        try {
            dropped = registrar.dropExpired(nowMs, toClose);
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
            return registrar.dropRegisteredOver(channel);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Number of live broker processes. */
    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return live.size();
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
            gen = generation.get();
            route = routes.build(topic);
        } finally {
            lock.readLock().unlock();
        }
        if (route != null && actingMaster && !topic.startsWith(SYNC_BROKER_MEMBER_PREFIX)) {
            route = ActingMaster.apply(route);
        }
        return new RouteSnapshot(route, gen);
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            return groups.clusterInfo();
        } finally {
            lock.readLock().unlock();
        }
    }

    public TopicList allTopics() {
        lock.readLock().lock();
        try {
            return topics.all();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics with queue data on any broker of the cluster; empty for an unknown cluster. */
    public TopicList topicsByCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = groups.namesIn(cluster);
            return topics.servedByAny(names == null ? Set.of() : names);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster names and broker names (each is a system topic), plus one broker address to ask. */
    public TopicList systemTopics() {
        lock.readLock().lock();
        try {
            return groups.systemTopics();
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
            return topics.unitTopics(filter);
        } finally {
            lock.readLock().unlock();
        }
    }

    public BrokerMemberGroup memberGroup(String clusterName, String brokerName) {
        lock.readLock().lock();
        try {
            return groups.memberGroup(clusterName, brokerName);
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
            int count = topics.changePerm(brokerName, change);
            generation.bumpIf(count > 0);
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
                if (!groups.contains(q.brokerName())) {
                    log.warn(
                            "REGISTER_TOPIC_IN_NAMESRV for {} names unknown broker {}; ignored", topic, q.brokerName());
                    return false;
                }
            }
            boolean changed = false;
            for (QueueData q : queueDatas) {
                changed |= topics.put(topic, q);
            }
            generation.bumpIf(changed);
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
                generation.bumpIf(topics.remove(topic));
            } else {
                generation.bumpIf(topics.removeFrom(topic, groups.namesIn(clusterName)));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
