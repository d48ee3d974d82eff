package dev.skiff.namesrv.route;

import dev.skiff.common.SkiffClock;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.body.BrokerData;
import dev.skiff.remoting.protocol.body.QueueData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration rules: how a broker process joins ({@link #register}) and leaves ({@link
 * #unregister}, expiry, a closed connection) the three tables — {@link BrokerGroups}, {@link
 * LiveBrokers}, {@link TopicRoutes} — bumping the {@link RouteGeneration} when a route could show
 * the change.
 *
 * <p>Joining (official 5.5.0 behaviour): every registrant's address goes into its group (one
 * address holds one id: a slave promoted to master leaves its old id); topic data is taken only
 * from the master (id 0) or, when there is no master, from the "prime slave" (lowest id,
 * new-style brokers only), whose write permission is removed when acting-master mode is on. A
 * registration from a different address for an occupied id loses to the occupant when its state
 * version is older. A single-topic registration before the first full one is refused.
 *
 * <p>Leaving: the process's liveness and filter servers go, its address leaves its group; a group
 * left empty goes with its queue data and mappings, and a group in acting-master mode left without
 * a master loses WRITE on its topics.
 *
 * <p>Not thread-safe: every method runs under {@link RouteRegistry}'s write lock.
 */
final class BrokerRegistrar {
    private static final Logger log = LoggerFactory.getLogger(BrokerRegistrar.class);

    private final BrokerGroups groups;
    private final LiveBrokers live;
    private final TopicRoutes topics;
    private final RouteGeneration generation;
    private final SkiffClock clock;
    private final long defaultTimeoutMs;

    BrokerRegistrar(
            BrokerGroups groups,
            LiveBrokers live,
            TopicRoutes topics,
            RouteGeneration generation,
            SkiffClock clock,
            long defaultTimeoutMs) {
        this.groups = groups;
        this.live = live;
        this.topics = topics;
        this.generation = generation;
        this.clock = clock;
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    /** See {@link RouteRegistry#register}. */
    RegistrationResult register(BrokerRegistration reg, boolean deleteMissingTopics) {
        boolean changed = groups.joinCluster(reg.clusterName(), reg.brokerName());
        BrokerGroup group = groups.get(reg.brokerName());
        boolean registerFirst = group == null;
        if (group == null) {
            group = groups.create(reg.clusterName(), reg.brokerName());
            changed = true;
        }
        boolean oldVersionBroker = reg.enableActingMaster() == null;
        changed |= group.update(!oldVersionBroker && reg.enableActingMaster(), reg.zoneName());
        // One address holds one id: a slave promoted to master leaves its old id.
        changed |= group.addrs
                .entrySet()
                .removeIf(e -> e.getValue().equals(reg.brokerAddr()) && e.getKey() != reg.brokerId());
        if (losesToOccupant(group, reg)) {
            live.remove(new BrokerAddrKey(reg.clusterName(), reg.brokerAddr()));
            generation.bumpIf(changed);
            return RegistrationResult.NO_MASTER;
        }
        if (!group.addrs.containsKey(reg.brokerId())
                && reg.topics().topicConfigTable().size() == 1) {
            log.warn("refusing single-topic registration of {} before its first full registration", reg.brokerAddr());
            generation.bumpIf(changed);
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
        BrokerLiveInfo previous = live.put(
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
        changed |= live.updateFilterServers(key, reg.filterServers());
        generation.bumpIf(changed);
        return masterOf(group, reg);
    }

    private boolean losesToOccupant(BrokerGroup group, BrokerRegistration reg) {
        String occupant = group.addrs.get(reg.brokerId());
        if (occupant == null || occupant.equals(reg.brokerAddr())) {
            return false;
        }
        BrokerLiveInfo occupantInfo = live.get(new BrokerAddrKey(reg.clusterName(), occupant));
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
            changed = topics.removeTopicsNotIn(reg.brokerName(), table.keySet());
        }
        BrokerLiveInfo previous = live.get(key);
        boolean versionChanged =
                previous == null || !previous.dataVersion().equals(reg.topics().dataVersion());
        for (TopicConfig config : table.values()) {
            if (registerFirst || versionChanged || !topics.serves(config.topicName(), reg.brokerName())) {
                int perm = config.perm();
                if (isPrimeSlave && group.enableActingMaster) {
                    perm &= ~TopicConfig.PERM_WRITE;
                }
                changed |= topics.put(
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
                topics.putMapping(e.getKey(), bname, e.getValue());
            }
            changed = true;
        }
        return changed;
    }

    private RegistrationResult masterOf(BrokerGroup group, BrokerRegistration reg) {
        if (reg.brokerId() == BrokerData.MASTER_ID) {
            return RegistrationResult.NO_MASTER;
        }
        String masterAddr = group.addrs.get(BrokerData.MASTER_ID);
        if (masterAddr == null) {
            return RegistrationResult.NO_MASTER;
        }
        BrokerLiveInfo master = live.get(new BrokerAddrKey(reg.clusterName(), masterAddr));
        return master == null
                ? RegistrationResult.NO_MASTER
                : new RegistrationResult(master.haServerAddr(), masterAddr);
    }

    /** Removes one broker process (UNREGISTER_BROKER, expiry or closed connection). */
    void unregister(String clusterName, String brokerAddr, String brokerName) {
        BrokerAddrKey key = new BrokerAddrKey(clusterName, brokerAddr);
        boolean changed = live.remove(key);
        changed |= live.removeFilterServers(key);
        BrokerGroup group = groups.get(brokerName);
        boolean groupGone = false;
        if (group != null) {
            changed |= group.addrs.values().removeIf(brokerAddr::equals);
            if (group.addrs.isEmpty()) {
                groups.remove(clusterName, brokerName);
                groupGone = true;
                changed = true;
            }
        }
        if (groupGone) {
            changed |= topics.removeBroker(brokerName);
        } else if (group != null && group.enableActingMaster && group.hasNoMaster()) {
            changed |= topics.wipeWrite(brokerName);
        }
        log.info(
                "broker {} ({} / {}) unregistered{}",
                brokerAddr,
                clusterName,
                brokerName,
                groupGone ? ", group removed" : "");
        generation.bumpIf(changed);
    }

    /** Removes a process found by its key alone: from the group listing its address, if any. */
    void removeProcess(BrokerAddrKey key) {
        String brokerName = groups.nameOf(key);
        if (brokerName == null) {
            live.remove(key);
            live.removeFilterServers(key);
            return;
        }
        unregister(key.clusterName(), key.brokerAddr(), brokerName);
    }

    /**
     * Drops every process not heard from within its timeout at {@code nowMs}; adds the connections
     * to close (after the lock is released) to {@code toClose} and returns how many it dropped.
     */
    int dropExpired(long nowMs, List<RemotingChannel> toClose) {
        int dropped = 0;
        for (Map.Entry<BrokerAddrKey, BrokerLiveInfo> e : live.expired(nowMs)) {
            BrokerLiveInfo info = e.getValue();
            log.warn(
                    "broker {} silent for {} ms (limit {} ms); removing it",
                    e.getKey().brokerAddr(),
                    nowMs - info.lastUpdateMs(),
                    info.timeoutMs());
            if (info.channel() != null) {
                toClose.add(info.channel());
            }
            removeProcess(e.getKey());
            dropped++;
        }
        return dropped;
    }

    /** Drops the processes that registered over {@code channel}; returns how many. */
    int dropRegisteredOver(RemotingChannel channel) {
        int dropped = 0;
        for (BrokerAddrKey key : live.registeredOver(channel)) {
            log.info("connection of broker {} closed; removing it", key.brokerAddr());
            removeProcess(key);
            dropped++;
        }
        return dropped;
    }
}
