package dev.skiff.broker;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.message.HostAddress;
import dev.skiff.store.StoreConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** What a broker's config means for the parts it starts: its transport, its store, its address. */
final class BrokerSettings {
    private BrokerSettings() {}

    /**
     * The store's body limit is the largest its batches allow, not {@code maxMessageSize}: that key
     * can change at run time and sends are checked against it per request, while a store limit
     * lowered with it would refuse delayed and retried copies of messages accepted before.
     */
    static StoreConfig store(BrokerConfig config, HostAddress storeHost) {
        StoreConfig.Builder builder = StoreConfig.builder(config.storePathRootDir())
                .commitLogSegmentBytes(config.mappedFileSizeCommitLog())
                .flushMode(config.flushDiskType())
                .commitLogWrites(config.commitLogWritesMode())
                .fileReservedMs(config.fileReservedMs())
                .deleteHourOfDay(config.deleteWhen())
                .syncFlushTimeoutMs(config.syncFlushTimeout())
                .storeHost(storeHost);
        return builder.messageBodyMaxBytes(builder.build().appendBatchMaxBytes() - 1)
                .build();
    }

    /**
     * The host clients are told: {@code brokerIP1} when set, else the bound address, else (bound to
     * every interface) the first site-local IPv4 address of an interface that is up, else loopback.
     */
    static String advertisedHost(BrokerConfig config, InetSocketAddress bound) throws SocketException {
        if (!config.brokerIP1().isEmpty()) {
            return config.brokerIP1();
        }
        if (!bound.getAddress().isAnyLocalAddress()) {
            return bound.getAddress().getHostAddress();
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return "127.0.0.1";
    }
}
