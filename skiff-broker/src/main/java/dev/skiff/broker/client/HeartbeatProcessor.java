package dev.skiff.broker.client;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RemotingVersion;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.HeartbeatData;
import dev.skiff.remoting.protocol.body.HeartbeatData.ConsumerData;
import dev.skiff.remoting.protocol.body.HeartbeatData.ProducerData;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code HEART_BEAT} (34): records the client's producer and consumer groups. For each
 * consumer group the group config is found or auto-created (a group that cannot be, because
 * auto-creation is off or a limit is reached, is skipped and counted), its retry topic
 * {@code %RETRY%<group>} is made sure to exist with the group's {@code retryQueueNums} read-write
 * queues, and the members are told to rebalance when membership or subscriptions changed.
 *
 * <p>Answers 0 with ext {@code IS_SUPPORT_HEART_BEAT_V2=false} (the client then always sends full
 * heartbeats) and {@code IS_SUB_CHANGE}, and the broker's modern {@code version}: the client keeps
 * that version per broker for feature checks.
 */
public final class HeartbeatProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatProcessor.class);

    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final SubscriptionGroupTable groups;
    private final TopicConfigTable topics;
    private final ConsumerIdsChangeNotifier notifier;
    private final SkiffClock clock;
    private final AtomicLong skippedGroups = new AtomicLong();

    public HeartbeatProcessor(
            ConsumerRegistry consumers,
            ProducerRegistry producers,
            SubscriptionGroupTable groups,
            TopicConfigTable topics,
            ConsumerIdsChangeNotifier notifier,
            SkiffClock clock) {
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
        this.topics = topics;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData heartbeat;
        try {
            heartbeat = HeartbeatData.decode(request.body());
        } catch (BodyFormatException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "bad heartbeat body: " + e.getMessage());
        }
        ClientConnection conn = new ClientConnection(
                heartbeat.clientID(), channel, request.language(), request.version(), clock.nowMs());
        boolean subscriptionsChanged = false;
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            subscriptionsChanged |= registerConsumer(consumer, conn);
        }
        for (ProducerData producer : heartbeat.producerDataSet()) {
            if (!producers.register(producer.groupName(), conn)) {
                skipped("producer", producer.groupName(), "the producer table is full");
            }
        }
        RemotingCommand response = RemotingCommand.success();
        response.putExtField("IS_SUPPORT_HEART_BEAT_V2", "false");
        response.putExtField("IS_SUB_CHANGE", String.valueOf(subscriptionsChanged));
        response.version(RemotingVersion.CURRENT);
        return response;
    }

    /** Returns whether the group's subscriptions changed. */
    private boolean registerConsumer(ConsumerData consumer, ClientConnection conn) {
        String group = consumer.groupName();
        String problem = SystemTopics.checkGroupName(group);
        if (problem != null) {
            skipped("consumer", group, problem);
            return false;
        }
        SubscriptionGroupConfig config;
        try {
            config = groups.findOrCreate(group);
        } catch (RuntimeException e) {
            skipped("consumer", group, e.getMessage());
            return false;
        }
        if (config == null) {
            skipped("consumer", group, "the group does not exist and auto-creation is off");
            return false;
        }
        try {
            topics.ensure(
                    SystemTopics.retryTopic(group),
                    Math.max(1, config.retryQueueNums()),
                    TopicConfig.PERM_READ | TopicConfig.PERM_WRITE,
                    0);
        } catch (RuntimeException e) {
            skipped("consumer", group, "cannot create its retry topic: " + e.getMessage());
            return false;
        }
        ConsumerRegistry.Outcome outcome = consumers.register(consumer, conn);
        if (outcome.rejected()) {
            skipped("consumer", group, "the consumer table is full");
            return false;
        }
        if (outcome.changed()) {
            notifier.groupChanged(group);
        }
        return outcome.subscriptionsChanged();
    }

    private void skipped(String kind, String group, String why) {
        long n = skippedGroups.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            log.warn("heartbeat: {} group {} not registered ({}); {} skipped so far", kind, group, why, n);
        }
    }

    /** Groups left out of heartbeats so far (auto-creation off, limits, bad names). */
    public long skippedGroupCount() {
        return skippedGroups.get();
    }
}
