package dev.skiff.broker.metrics;

import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.codec.FrameLimits;
import dev.skiff.store.DiskUsage;
import dev.skiff.store.MessageStore;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the metrics read, handed over by the broker's assembly once it is wired.
 *
 * @param processorQueues queued requests per official processor name ({@code send}, {@code pull}, ...)
 * @param heldPolls pulls parked by long polling now
 * @param refused requests refused so far, by response code
 * @param refused requests refused, by response code
 * @param dispatchedOffset the commit-log offset the consume queues are built up to
 * @param rpcLatency the remoting server's request latencies
 */
public record BrokerParts(
        BrokerConfig config,
        MessageStore store,
        BrokerStats stats,
        TopicConfigTable topics,
        SubscriptionGroupTable groups,
        ConsumerOffsetTable offsets,
        ConsumerRegistry consumers,
        ProducerRegistry producers,
        Supplier<Replication> replication,
        FrameLimits frameLimits,
        Map<String, IntSupplier> processorQueues,
        IntSupplier heldPolls,
        LongSupplier dispatchedOffset,
        DiskUsage disk,
        RefusedRequests refused,
        SkiffClock clock,
        RpcLatency rpcLatency) {}
