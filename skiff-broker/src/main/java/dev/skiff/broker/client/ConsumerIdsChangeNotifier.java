package dev.skiff.broker.client;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells every member of a consumer group, one-way on its own connection, that the group's
 * members or subscriptions changed ({@code NOTIFY_CONSUMER_IDS_CHANGED}, 40), so each rebalances
 * at once instead of within 20 s. Groups configured with {@code notifyConsumerIdsChangedEnable=false}
 * are left alone. Sending never blocks: the writes complete on the I/O threads.
 */
public final class ConsumerIdsChangeNotifier {
    private final ConsumerRegistry consumers;
    private final SubscriptionGroupTable groups;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public ConsumerIdsChangeNotifier(ConsumerRegistry consumers, SubscriptionGroupTable groups) {
        this.consumers = consumers;
        this.groups = groups;
    }

    public void groupChanged(String group) {
        SubscriptionGroupConfig config = groups.get(group);
        if (config != null && !config.notifyConsumerIdsChangedEnable()) {
            return;
        }
        for (RemotingChannel channel : consumers.channels(group)) {
            if (!channel.isActive()) {
                continue;
            }
            RemotingCommand notice = RemotingCommand.request(
                            RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, new NotifyConsumerIdsChangedRequestHeader(group))
                    .markOneway();
            channel.invokeOneway(notice).whenComplete((ok, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
        }
    }

    /** Notices written so far. */
    public long sentCount() {
        return sent.get();
    }

    /** Notices that could not be written. */
    public long failedCount() {
        return failed.get();
    }
}
