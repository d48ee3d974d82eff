package dev.skiff.broker;

import dev.skiff.broker.client.ClientHousekeeper;
import dev.skiff.broker.client.ClientTables;
import dev.skiff.broker.client.ConsumerIdsChangeNotifier;
import dev.skiff.broker.client.ConsumerListProcessor;
import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.client.HeartbeatProcessor;
import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.client.UnregisterClientProcessor;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.filter.CheckClientConfigProcessor;
import dev.skiff.broker.filter.SqlFilterCache;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetProcessor;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.offset.QueueOffsetProcessor;
import dev.skiff.broker.pull.LongPollingService;
import dev.skiff.broker.pull.PullMessageProcessor;
import dev.skiff.broker.pull.PullRoute;
import dev.skiff.broker.replica.SlaveRefusal;
import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.store.MessageStore;
import java.time.ZoneId;
import java.util.List;

/**
 * The consuming side of a broker, wired onto its transport: heartbeats and the client registries
 * (with their housekeeping scan), consumer and queue offsets, the SQL92 subscription check, and
 * pulls with long polling (refused on a slave unless {@code slaveReadEnable}). The long-polling
 * service is started here; the caller feeds it arrivals and closes it.
 */
final class ConsumeSide {
    final ConsumerRegistry consumers;
    final ProducerRegistry producers;
    final BrokerStats stats;
    final LongPollingService pullHolds;

    ConsumeSide(BrokerCore core, PullRoute route) {
        BrokerConfig config = core.config();
        LiveBrokerConfig live = core.live();
        SkiffClock clock = core.clock();
        RemotingServer transport = core.transport();
        MessageStore store = core.store();
        TopicConfigTable topics = core.topics();
        SubscriptionGroupTable groups = core.groups();
        ConsumerOffsetTable offsets = core.offsets();
        BrokerExecutors executors = core.executors();
        ClientTables limits = ClientTables.defaults(config.channelExpiredTimeout());
        this.consumers = new ConsumerRegistry(limits, clock);
        this.producers = new ProducerRegistry(limits, clock);
        ConsumerIdsChangeNotifier notifier = new ConsumerIdsChangeNotifier(consumers, groups);
        transport.registerProcessor(
                RequestCode.HEART_BEAT,
                new HeartbeatProcessor(consumers, producers, groups, topics, notifier, clock),
                executors.client);
        transport.registerProcessor(
                RequestCode.UNREGISTER_CLIENT,
                new UnregisterClientProcessor(consumers, producers, notifier),
                executors.client);
        transport.registerProcessor(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, new ConsumerListProcessor(consumers), executors.client);
        ClientHousekeeper housekeeper = new ClientHousekeeper(consumers, producers, notifier);
        transport.addChannelEventListener(housekeeper);
        executors.housekeeping.scheduleWithFixedDelay(
                "client scan",
                ClientHousekeeper.SCAN_INTERVAL_MS,
                ClientHousekeeper.SCAN_INTERVAL_MS,
                housekeeper::scan);

        ConsumerOffsetProcessor offsetProcessor = new ConsumerOffsetProcessor(offsets, topics, store);
        transport.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, offsetProcessor, executors.client);
        transport.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, offsetProcessor, executors.client);
        QueueOffsetProcessor queueOffsets = new QueueOffsetProcessor(topics, store);
        for (int code : List.of(
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                RequestCode.GET_MAX_OFFSET,
                RequestCode.GET_MIN_OFFSET,
                RequestCode.GET_EARLIEST_MSG_STORETIME)) {
            transport.registerProcessor(code, queueOffsets, executors.client);
        }

        SqlFilterCache sqlFilters = new SqlFilterCache(SqlFilterCache.ENTRIES_MAX);
        transport.registerProcessor(
                RequestCode.CHECK_CLIENT_CONFIG,
                new CheckClientConfigProcessor(() -> live.get().enablePropertyFilter(), sqlFilters),
                executors.client);
        this.stats = new BrokerStats(clock, ZoneId.systemDefault());
        PullMessageProcessor pull = new PullMessageProcessor(
                live,
                topics,
                groups,
                consumers,
                offsets,
                store,
                executors.pull,
                stats::countGot,
                sqlFilters,
                route,
                clock);
        boolean servesPulls = config.isMaster() || config.slaveReadEnable();
        transport.registerProcessor(RequestCode.PULL_MESSAGE, servesPulls ? pull : new SlaveRefusal(), executors.pull);
        transport.registerProcessor(
                RequestCode.LITE_PULL_MESSAGE, servesPulls ? pull : new SlaveRefusal(), executors.pull);
        this.pullHolds = pull.longPolling();
        pullHolds.start();
    }
}
