package dev.skiff.broker.it;

import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Reads a test broker's store directly, and waits (bounded) for conditions on it or on routes. */
final class StoreProbe {
    private StoreProbe() {}

    /** Up to 1,000 records of a queue from offset 0, decoded. */
    static List<StoredMessage> read(MessageStore store, String topic, int queueId) {
        List<StoredMessage> out = new ArrayList<>();
        try (GetResult r = store.getMessages(topic, queueId, 0, 1_000, 8 << 20, MessageFilter.ALL)) {
            for (SelectedRecord rec : r.records()) {
                out.add(StoredRecordDecoder.decode(rec.buffer(), rec.buffer().position()));
            }
        }
        return out;
    }

    /** Waits (bounded by {@code timeoutMs}) until the condition holds; returns whether it held. */
    static boolean await(long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        return Await.holdsWithin(Duration.ofMillis(timeoutMs), condition);
    }

    /**
     * Creates the topic on the broker when absent and waits until the name server routes it, so
     * a consumer started next finds it at its first rebalance instead of 20 s later.
     */
    static void ensureRouted(SkiffTestCluster cluster, String topic, int queues) throws InterruptedException {
        cluster.broker().topics().ensure(topic, queues, TopicConfig.PERM_READ | TopicConfig.PERM_WRITE, 0);
        boolean routed = await(
                10_000, () -> cluster.namesrv().registry().route(topic, false).route() != null);
        if (!routed) {
            throw new AssertionError("the name server does not route " + topic + " after 10 s");
        }
    }
}
