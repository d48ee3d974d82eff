package dev.skiff.bench.feature;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The official Apache RocketMQ 5.5.0 client objects the feature workloads use, with the client's
 * defaults apart from names and the send timeout (the same for both systems). Each gets its own
 * client instance, so none share connections or threads. Everything made is shut down on close.
 */
final class OfficialClients implements AutoCloseable {
    static final int SEND_TIMEOUT_MS = 10_000;
    static final int CHECK_THREADS = 4;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String namesrv;
    private final List<Runnable> shutdowns = new CopyOnWriteArrayList<>();

    OfficialClients(String namesrv) {
        this.namesrv = namesrv;
    }

    DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group);
        setUp(p);
        p.start();
        shutdowns.add(p::shutdown);
        return p;
    }

    TransactionMQProducer transactionProducer(String group, TransactionListener listener) throws Exception {
        TransactionMQProducer p = new TransactionMQProducer(group);
        setUp(p);
        p.setTransactionListener(listener);
        // the client's own check pool is one thread with a bounded queue that drops checks past
        // it; the check-back workload wants every check answered, on both systems alike
        ExecutorService checks = Executors.newFixedThreadPool(CHECK_THREADS);
        p.setExecutorService(checks);
        p.start();
        shutdowns.add(p::shutdown);
        shutdowns.add(checks::shutdownNow);
        return p;
    }

    /**
     * A started clustering push consumer of {@code topic} from its first offset with {@code selector}
     * (null = every message); {@code onMessage} runs on the client's consume threads.
     */
    DefaultMQPushConsumer pushConsumer(
            String group, String topic, MessageSelector selector, Consumer<MessageExt> onMessage) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instanceName());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        if (selector == null) {
            c.subscribe(topic, "*");
        } else {
            c.subscribe(topic, selector);
        }
        c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                onMessage.accept(m);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        shutdowns.add(c::shutdown);
        return c;
    }

    /** The admin calls of the client (HA status), through a producer made for it. */
    @SuppressWarnings("deprecation") // reached through the client's (deprecated) impl accessor
    MQClientAPIImpl adminApi() throws Exception {
        DefaultMQProducer p = producer("bench-feature-admin");
        return p.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /**
     * Sends one plain message to {@code topic} until it succeeds (the broker registered, the route
     * known), every 100 ms up to {@code timeoutMs}.
     */
    static void awaitFirstSend(DefaultMQProducer producer, String topic, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                producer.send(new Message(topic, new byte[] {1}));
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no successful send to " + topic + " within " + timeoutMs + " ms", last);
    }

    private void setUp(DefaultMQProducer p) {
        p.setNamesrvAddr(namesrv);
        p.setInstanceName(instanceName());
        p.setSendMsgTimeout(SEND_TIMEOUT_MS);
    }

    private static String instanceName() {
        return "feature-" + INSTANCES.incrementAndGet() + "-"
                + ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        for (Runnable r : shutdowns) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // shutting down: nothing more to do
            }
        }
        shutdowns.clear();
    }
}
