package dev.skiff.broker.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/** Official-client instances set up for fast tests against a {@link SkiffTestCluster}. */
public final class OfficialClients {
    private static final AtomicInteger IDS = new AtomicInteger();

    private OfficialClients() {}

    /** A started producer in its own client instance. */
    public static DefaultMQProducer producer(SkiffTestCluster cluster, String group) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("p" + IDS.incrementAndGet() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        return producer;
    }

    /** A push consumer (not started) in its own client instance, with quick rebalances. */
    public static DefaultMQPushConsumer pushConsumer(SkiffTestCluster cluster, String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("c" + IDS.incrementAndGet() + "-" + System.nanoTime());
        consumer.setPollNameServerInterval(1_000);
        consumer.setHeartbeatBrokerInterval(1_000);
        return consumer;
    }
}
