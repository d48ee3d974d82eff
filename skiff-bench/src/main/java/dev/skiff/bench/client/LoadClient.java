package dev.skiff.bench.client;

import java.util.List;

/**
 * What the harness needs from a RocketMQ client, and nothing more: producers, push consumers,
 * and topic creation. One instance talks to one name server. Implementations must be safe for
 * the harness's threads: a {@link LoadProducer}'s sends are called from many threads at once.
 */
public interface LoadClient extends AutoCloseable {

    /** Short name of the client for tables ("official"). */
    String name();

    /** A started producer; {@code sendTimeoutMs} bounds every send. */
    LoadProducer producer(String group, long sendTimeoutMs) throws Exception;

    /**
     * A started push consumer (clustering) of {@code topic} from its first offset, calling
     * {@code listener} for every message received (from the client's consume threads).
     */
    LoadConsumer pushConsumer(String group, String topic, ReceiveListener listener) throws Exception;

    /**
     * Creates {@code topics} with {@code queues} read and write queues each on every broker the
     * name server knows for {@code existingTopic} (a topic that already has a route).
     */
    void createTopics(String existingTopic, List<String> topics, int queues) throws Exception;

    @Override
    void close();

    /** Called for each received message; {@code sentAtNs} is the sender's stamp or -1. */
    @FunctionalInterface
    interface ReceiveListener {
        void onMessage(long sentAtNs);
    }

    /** A running push consumer. */
    interface LoadConsumer extends AutoCloseable {
        @Override
        void close();
    }
}
