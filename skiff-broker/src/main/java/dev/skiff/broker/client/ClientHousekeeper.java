package dev.skiff.broker.client;

import dev.skiff.remoting.ChannelEventListener;
import dev.skiff.remoting.RemotingChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client registries to live clients: drops a client's memberships as soon as its
 * connection closes, and on each {@link #scan()} (every 10 s from the broker's housekeeping
 * thread) drops clients that have not heart-beat for {@code channelExpiredTimeout} and closes
 * their connections. Consumer groups that lost a member are told to rebalance.
 */
public final class ClientHousekeeper implements ChannelEventListener {
    /** How often the broker runs {@link #scan()}. */
    public static final long SCAN_INTERVAL_MS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ClientHousekeeper.class);

    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final ConsumerIdsChangeNotifier notifier;
    private final AtomicLong expired = new AtomicLong();

    public ClientHousekeeper(
            ConsumerRegistry consumers, ProducerRegistry producers, ConsumerIdsChangeNotifier notifier) {
        this.consumers = consumers;
        this.producers = producers;
        this.notifier = notifier;
    }

    @Override
    public void onClose(RemotingChannel channel) {
        producers.removeChannel(channel);
        for (String group : consumers.removeChannel(channel)) {
            notifier.groupChanged(group);
        }
    }

    /** Expires silent clients; returns how many memberships were dropped. */
    public int scan() {
        int dropped = 0;
        for (Map.Entry<String, List<ClientConnection>> e :
                producers.expireSilent().entrySet()) {
            dropped += closeAll(e.getValue());
        }
        Map<String, List<ClientConnection>> consumerGroups = consumers.expireSilent();
        for (Map.Entry<String, List<ClientConnection>> e : consumerGroups.entrySet()) {
            dropped += closeAll(e.getValue());
        }
        Set<String> changed = consumerGroups.keySet();
        changed.forEach(notifier::groupChanged);
        if (dropped > 0) {
            expired.addAndGet(dropped);
            log.info("dropped {} silent client memberships in consumer groups {}", dropped, changed);
        }
        return dropped;
    }

    private static int closeAll(List<ClientConnection> connections) {
        for (ClientConnection c : connections) {
            c.channel().close();
        }
        return connections.size();
    }

    /** Memberships dropped for silence so far. */
    public long expiredCount() {
        return expired.get();
    }
}
