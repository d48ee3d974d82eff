package dev.skiff.broker.testing;

import dev.skiff.broker.client.ClientConnection;
import dev.skiff.broker.client.ClientTables;
import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.body.HeartbeatData.ConsumerData;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.FakeChannel;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the send and pull processors are built from, opened on a temporary directory: a real
 * {@link DefaultMessageStore} (64 KiB segments, so a test can make retention delete some; no pre-touch, no index) seen through a {@link
 * ScriptedStore}, the topic, group and offset tables, a consumer registry and a live config, all
 * on one {@link ManualClock}. Opens in well under a second; close it after each test.
 */
public final class ProcessorBed implements AutoCloseable {
    /** How long tests wait for a store thread (flush, dispatch) at most. */
    public static final long WAIT_MS = 5_000;
    /** Commit-log segment size of the bed's store. */
    public static final int SEGMENT_BYTES = 64 * 1024;

    public final ManualClock clock = new ManualClock(1_700_000_000_000L);
    public final HostAddress storeHost = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);
    public final DispatchWatch arrivals = new DispatchWatch();
    public final LiveBrokerConfig live;
    public final DefaultMessageStore realStore;
    public final ScriptedStore store;
    public final MessageAppender appender;
    public final TopicConfigTable topics;
    public final SubscriptionGroupTable groups;
    public final ConsumerOffsetTable offsets;
    public final ConsumerRegistry consumers;

    /**
     * @param dir an empty directory for the store and the tables
     * @param keyValues broker config overrides as key, value, key, value...
     */
    public ProcessorBed(Path dir, String... keyValues) throws IOException {
        BrokerConfig config = config(dir, keyValues);
        live = new LiveBrokerConfig(config);
        realStore = new DefaultMessageStore(
                StoreConfig.builder(dir.resolve("store"))
                        .commitLogSegmentBytes(SEGMENT_BYTES)
                        .preTouchSegments(false)
                        .indexEnabled(false)
                        .storeHost(storeHost)
                        .build(),
                clock,
                () -> 0.1,
                arrivals);
        realStore.start();
        store = new ScriptedStore(realStore);
        appender = new MessageAppender(store.store());
        topics = TopicConfigTable.open(dir.resolve("topics.json"), clock, 1_000, SystemTopics.defaults(config, 18));
        groups = SubscriptionGroupTable.open(
                dir.resolve("subscriptionGroup.json"), clock, () -> live.get().autoCreateSubscriptionGroup(), 1_000);
        offsets = ConsumerOffsetTable.open(dir.resolve("consumerOffset.json"));
        consumers = new ConsumerRegistry(ClientTables.defaults(120_000), clock);
    }

    private static BrokerConfig config(Path dir, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("config overrides come in key, value pairs");
        }
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.toString());
        p.setProperty("brokerName", "broker-a");
        p.setProperty("brokerClusterName", "TestCluster");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return BrokerConfig.fromProperties(p);
    }

    /** Changes one key of the live config, as an admin update does. */
    public void set(String key, Object value) {
        live.set(live.get().with(key, value));
    }

    /** Creates (or replaces) a topic with {@code queues} read and write queues and the given perm. */
    public TopicConfig topic(String name, int queues, int perm) {
        return topics.createOrUpdate(TopicConfig.of(name, queues, queues, perm));
    }

    /** Registers a heartbeat of {@code group} (clustering) with these subscriptions. */
    public void heartbeat(String group, SubscriptionData... subscriptions) {
        consumers.register(
                new ConsumerData(
                        group,
                        "CONSUME_PASSIVELY",
                        "CLUSTERING",
                        "CONSUME_FROM_LAST_OFFSET",
                        List.of(subscriptions),
                        false),
                new ClientConnection("client-1@" + group, FakeChannel.local(), LanguageCode.JAVA, 0, clock.nowMs()));
    }

    /** A TAG subscription to {@code tags} ("*" for all) made at {@code version}. */
    public static SubscriptionData tagSubscription(String topic, long version, String... tags) {
        boolean all = tags.length == 1 && tags[0].equals(SubscriptionData.SUB_ALL);
        Set<String> tagSet = all ? Set.of() : Set.of(tags);
        Set<Integer> codes = all
                ? Set.of()
                : Set.copyOf(tagSet.stream().map(String::hashCode).toList());
        return new SubscriptionData(
                topic, String.join(" || ", tags), tagSet, codes, version, SubscriptionData.TYPE_TAG, false);
    }

    /** A SQL92 subscription made at {@code version}. */
    public static SubscriptionData sqlSubscription(String topic, long version, String expression) {
        return new SubscriptionData(topic, expression, Set.of(), Set.of(), version, SubscriptionData.TYPE_SQL92, false);
    }

    /**
     * Appends one message straight to the real store and waits until it is readable.
     *
     * @param properties extra properties, e.g. TAGS
     * @return its queue offset
     */
    public long put(String topic, int queueId, String body, Map<String, String> properties) throws Exception {
        MessageToStore message = new MessageToStore(
                topic,
                queueId,
                0,
                body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(properties),
                0,
                clock.nowMs(),
                storeHost,
                0,
                0);
        PutResult result = realStore.putMessage(message).get(WAIT_MS, TimeUnit.MILLISECONDS);
        if (!result.isOk()) {
            throw new AssertionError("the store refused a test message: " + result.status());
        }
        arrivals.awaitDispatched(topic, queueId, result.queueOffset() + 1, WAIT_MS);
        return result.queueOffset();
    }

    /** Every message of a queue from {@code offset}, read from the real store. */
    public List<StoredMessage> read(String topic, int queueId, long offset) {
        List<StoredMessage> out = new ArrayList<>();
        try (GetResult result = realStore.getMessages(topic, queueId, offset, 1_000, 8 << 20, MessageFilter.ALL)) {
            for (SelectedRecord record : result.records()) {
                ByteBuffer view = record.buffer().duplicate();
                out.add(StoredRecordDecoder.decode(view, view.position()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        realStore.close();
    }
}
