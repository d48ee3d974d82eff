package dev.skiff.bench.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * {@link LoadClient} on the official Apache RocketMQ 5.5.0 Java client, used with its defaults
 * (the same for every system) apart from names and the send timeout. Every producer and
 * consumer gets its own client instance, so they do not share connections or threads.
 */
public final class OfficialLoadClient implements LoadClient {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int TOPICS_PER_REQUEST = 100;
    private static final long ADMIN_TIMEOUT_MS = 15_000;

    private final String namesrvAddr;
    private final boolean tls;
    private final RPCHook userHook;
    private final RPCHook adminHook;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    public OfficialLoadClient(String namesrvAddr) {
        this(namesrvAddr, false);
    }

    /**
     * @param tls every producer, consumer and admin client connects with TLS ({@code setUseTLS},
     *     per client instance; the official client's test mode accepts the servers' certificates)
     */
    public OfficialLoadClient(String namesrvAddr, boolean tls) {
        this(namesrvAddr, tls, null, null);
    }

    /**
     * @param userHook signs every producer's and consumer's requests (the official {@code
     *     AclClientRPCHook} of a normal user), or null for unsigned clients
     * @param adminHook signs topic creation (a super user's hook), or null
     */
    public OfficialLoadClient(String namesrvAddr, boolean tls, RPCHook userHook, RPCHook adminHook) {
        this.namesrvAddr = namesrvAddr;
        this.tls = tls;
        this.userHook = userHook;
        this.adminHook = adminHook;
    }

    @Override
    public String name() {
        return "official-5.5.0";
    }

    @Override
    public LoadProducer producer(String group, long sendTimeoutMs) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group, userHook);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setUseTLS(tls);
        producer.setInstanceName("bench-" + INSTANCES.incrementAndGet() + "-"
                + ProcessHandle.current().pid());
        producer.setSendMsgTimeout((int) Math.min(Integer.MAX_VALUE, sendTimeoutMs));
        producer.start();
        Producer p = new Producer(producer);
        open.add(p);
        return p;
    }

    @Override
    public LoadConsumer pushConsumer(String group, String topic, ReceiveListener listener) throws Exception {
        DefaultMQPushConsumer consumer =
                new DefaultMQPushConsumer(group, userHook, new AllocateMessageQueueAveragely());
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setUseTLS(tls);
        consumer.setInstanceName("bench-" + INSTANCES.incrementAndGet() + "-"
                + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                listener.onMessage(stamp(m));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        LoadConsumer c = consumer::shutdown;
        open.add(c);
        return c;
    }

    @Override
    @SuppressWarnings("deprecation") // the client's admin API is reached through its (deprecated) impl accessor
    public void createTopics(String existingTopic, List<String> topics, int queues) throws Exception {
        DefaultMQProducer admin = new DefaultMQProducer("bench-admin", adminHook);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setUseTLS(tls);
        admin.setInstanceName("bench-admin-" + INSTANCES.incrementAndGet());
        admin.start();
        try {
            MQClientAPIImpl api =
                    admin.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
            TopicRouteData route = routeOf(api, existingTopic);
            for (BrokerData broker : route.getBrokerDatas()) {
                String addr = broker.selectBrokerAddr();
                for (int i = 0; i < topics.size(); i += TOPICS_PER_REQUEST) {
                    List<TopicConfig> chunk = new ArrayList<>();
                    for (String topic : topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_REQUEST))) {
                        chunk.add(new TopicConfig(topic, queues, queues));
                    }
                    api.createTopicList(addr, chunk, ADMIN_TIMEOUT_MS);
                }
            }
        } finally {
            admin.shutdown();
        }
    }

    /**
     * The route of a topic; retried for up to 15 s because a broker registers a topic it has just
     * auto-created with the name server a moment later.
     */
    private static TopicRouteData routeOf(MQClientAPIImpl api, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return api.getTopicRouteInfoFromNameServer(topic, ADMIN_TIMEOUT_MS);
            } catch (MQClientException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        Closeables.closeAll(open);
    }

    private static long stamp(MessageExt m) {
        String s = m.getUserProperty(BenchMessage.STAMP_PROPERTY);
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Message toMessage(BenchMessage m) {
        Message msg = new Message(m.topic(), m.tag(), m.key(), m.body());
        if (m.stampNs() >= 0) {
            msg.putUserProperty(BenchMessage.STAMP_PROPERTY, Long.toString(m.stampNs()));
        }
        return msg;
    }

    private static List<Message> toMessages(List<BenchMessage> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (BenchMessage m : messages) {
            out.add(toMessage(m));
        }
        return out;
    }

    private static final class Producer implements LoadProducer {
        private final DefaultMQProducer producer;

        Producer(DefaultMQProducer producer) {
            this.producer = producer;
        }

        @Override
        public void sendSync(List<BenchMessage> messages) throws Exception {
            if (messages.size() == 1) {
                producer.send(toMessage(messages.getFirst()));
            } else {
                producer.send(toMessages(messages));
            }
        }

        @Override
        public void sendAsync(List<BenchMessage> messages, Completion completion) {
            // the client may both call back and throw for one send: report exactly once
            AtomicBoolean reported = new AtomicBoolean();
            Completion done = failure -> {
                if (reported.compareAndSet(false, true)) {
                    completion.done(failure);
                }
            };
            SendCallback callback = new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    done.done(null);
                }

                @Override
                public void onException(Throwable e) {
                    done.done(e);
                }
            };
            try {
                if (messages.size() == 1) {
                    producer.send(toMessage(messages.getFirst()), callback);
                } else {
                    producer.send(toMessages(messages), callback);
                }
            } catch (Exception e) {
                done.done(e);
            }
        }

        @Override
        public void sendOneway(BenchMessage message) throws Exception {
            producer.sendOneway(toMessage(message));
        }

        @Override
        public void close() {
            producer.shutdown();
        }
    }
}
