package dev.skiff.broker.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

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

    /** A started admin client in its own client instance, reading metadata in pages of {@code pageSize}. */
    public static DefaultMQAdminExt admin(SkiffTestCluster cluster, int pageSize) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(10_000);
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("a" + IDS.incrementAndGet() + "-" + System.nanoTime());
        admin.setMaxPageSizeInGetMetadata(pageSize);
        admin.start();
        return admin;
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
