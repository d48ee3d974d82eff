package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.header.UnregisterClientRequestHeader;

/**
 * Serves {@code UNREGISTER_CLIENT} (35), sent by a client instance as it shuts down: removes it
 * from the named producer and consumer group and tells the remaining consumers to rebalance.
 */
public final class UnregisterClientProcessor implements SyncRequestProcessor {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final ConsumerIdsChangeNotifier notifier;

    public UnregisterClientProcessor(
            ConsumerRegistry consumers, ProducerRegistry producers, ConsumerIdsChangeNotifier notifier) {
        this.consumers = consumers;
        this.producers = producers;
        this.notifier = notifier;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        UnregisterClientRequestHeader header = UnregisterClientRequestHeader.decode(request.fields());
        if (header.producerGroup() != null) {
            producers.unregister(header.producerGroup(), header.clientID());
        }
        String group = header.consumerGroup();
        if (group != null && consumers.unregister(group, header.clientID())) {
            notifier.groupChanged(group);
        }
        return RemotingCommand.success();
    }
}
