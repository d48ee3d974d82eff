package dev.skiff.broker;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.store.MessageStore;

/**
 * What every part of a broker is wired from: its config (at start and live), clock, transport and
 * executors, store and appender, topic, group and offset tables, and the store host its records
 * carry. Built once in {@link BrokerServer#start} after the store is open.
 */
record BrokerCore(
        BrokerConfig config,
        LiveBrokerConfig live,
        SkiffClock clock,
        RemotingServer transport,
        BrokerExecutors executors,
        MessageStore store,
        MessageAppender appender,
        TopicConfigTable topics,
        SubscriptionGroupTable groups,
        ConsumerOffsetTable offsets,
        HostAddress storeHost) {}
