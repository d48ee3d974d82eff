package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.transaction.EndTransactionHeader;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.Await;
import dev.skiff.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional messages end to end with the official {@code TransactionMQProducer}: half
 * messages, decisions, check-backs, giving up, a producer replaced, a broker restart. Short
 * timeouts: first check 400 ms after the send, then every 300 ms. The broker's store is the
 * witness of what was delivered.
 */
class TransactionTest {
    /** Negative windows (the assertion is that nothing more happens within them), with the 400 ms timeout and 300 ms checks. */
    private static final long PAST_FIRST_CHECK_MS = 1_200;

    private static final long NO_CHECK_AFTER_GIVING_UP_MS = 800;
    private static final long NO_DUPLICATE_WINDOW_MS = 800;
    /** The restart test's negative windows, with its 1 500 ms transaction timeout. */
    private static final long NO_REDELIVERY_AFTER_RESTART_MS = 700;

    private static final long PAST_CHECK_AFTER_SECOND_RESTART_MS = 2_000;
    private static final String TOPIC = "TxTopic";

    @TempDir
    Path dir;

    /** First check 400 ms after the send, then every 300 ms, {@code checkMax} checks at most. */
    static Properties fastChecks(int checkMax) {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "400");
        p.setProperty("transactionCheckInterval", "300");
        p.setProperty("transactionCheckMax", Integer.toString(checkMax));
        return p;
    }

    /** Answers by the first word of the body: "commit", "rollback" or anything else (unknown). */
    static final class ScriptedListener implements TransactionListener {
        final Function<String, LocalTransactionState> onSend;
        final Function<String, LocalTransactionState> onCheck;
        final Map<String, List<String>> checkTimesByBody = new ConcurrentHashMap<>();

        ScriptedListener(
                Function<String, LocalTransactionState> onSend, Function<String, LocalTransactionState> onCheck) {
            this.onSend = onSend;
            this.onCheck = onCheck;
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            return onSend.apply(body(msg));
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            checkTimesByBody
                    .computeIfAbsent(body(msg), k -> new CopyOnWriteArrayList<>())
                    .add(msg.getProperty("TRANSACTION_CHECK_TIMES") + "@" + msg.getTopic());
            return onCheck.apply(body(msg));
        }

        int checks(String body) {
            return checkTimesByBody.getOrDefault(body, List.of()).size();
        }
    }

    static String body(Message m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    static LocalTransactionState byWord(String body) {
        if (body.startsWith("commit")) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }
        if (body.startsWith("rollback")) {
            return LocalTransactionState.ROLLBACK_MESSAGE;
        }
        return LocalTransactionState.UNKNOW;
    }

    static TransactionMQProducer producer(SkiffTestCluster cluster, String group, TransactionListener listener)
            throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer(group);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("tx-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.setHeartbeatBrokerInterval(300);
        producer.setTransactionListener(listener);
        producer.start();
        // a plain send teaches the client the broker, whose heartbeats then register the group
        producer.send(new Message("TxWarmUp", "warm-up".getBytes(StandardCharsets.UTF_8)));
        ConsumeSupport.await(
                "producer group " + group + " registered",
                10_000,
                () -> cluster.broker().producers().activeChannel(group) != null);
        return producer;
    }

    static TransactionSendResult send(TransactionMQProducer producer, String body) throws Exception {
        Message m = new Message(TOPIC, "TagT", "key-" + body, body.getBytes(StandardCharsets.UTF_8));
        return producer.sendMessageInTransaction(m, null);
    }

    static List<StoredMessage> delivered(MessageStore store) {
        List<StoredMessage> all = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            all.addAll(StoreProbe.read(store, TOPIC, q));
        }
        return all;
    }

    static List<String> deliveredBodies(MessageStore store) {
        return delivered(store).stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aCommitIsDeliveredOnceWithItsIdsAndARollbackNever() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastChecks(50))) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            ScriptedListener listener = new ScriptedListener(TransactionTest::byWord, TransactionTest::byWord);
            TransactionMQProducer producer = producer(cluster, "pg-tx-basic", listener);
            try {
                TransactionSendResult committed = send(producer, "commit-1");
                TransactionSendResult rolledBack = send(producer, "rollback-1");
                assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
                assertThat(committed.getTransactionId()).isEqualTo(committed.getMsgId());
                MessageStore store = cluster.broker().store();

                assertThat(StoreProbe.await(5_000, () -> delivered(store).size() == 1))
                        .isTrue();
                assertThat(StoreProbe.await(
                                5_000,
                                () -> StoreProbe.read(store, SystemTopics.TRANS_HALF_TOPIC, 0)
                                                .size()
                                        == 2))
                        .as("both half messages dispatched")
                        .isTrue();
                List<StoredMessage> halves = StoreProbe.read(store, SystemTopics.TRANS_HALF_TOPIC, 0);
                assertThat(halves).hasSize(2);
                assertThat(halves.get(0).propertiesMap())
                        .containsEntry("REAL_TOPIC", TOPIC)
                        .containsEntry("TRAN_MSG", "true")
                        .containsEntry("PGROUP", "pg-tx-basic")
                        .containsEntry("__transactionId__", committed.getMsgId());
                assertThat(committed.getQueueOffset())
                        .as("the half-queue offset")
                        .isZero();
                assertThat(rolledBack.getQueueOffset()).isEqualTo(1);

                StoredMessage real = delivered(store).get(0);
                assertThat(new String(real.body(), StandardCharsets.UTF_8)).isEqualTo("commit-1");
                assertThat(real.queueId()).isEqualTo(committed.getMessageQueue().getQueueId());
                assertThat(real.sysFlag() & 0xC).as("commit type").isEqualTo(0x8);
                assertThat(real.preparedTransactionOffset())
                        .isEqualTo(halves.get(0).physicalOffset());
                assertThat(real.propertiesMap())
                        .containsEntry("UNIQ_KEY", committed.getMsgId())
                        .containsEntry("KEYS", "key-commit-1")
                        .containsEntry("TAGS", "TagT")
                        .doesNotContainKeys("TRAN_MSG", "REAL_TOPIC", "REAL_QID");

                // a repeated commit and a commit of the rolled-back message are refused, not delivered
                assertThat(endTransaction(cluster, halves.get(0), "pg-tx-basic", 8))
                        .isEqualTo(ResponseCode.SYSTEM_ERROR.code());
                assertThat(endTransaction(cluster, halves.get(1), "pg-tx-basic", 8))
                        .isEqualTo(ResponseCode.SYSTEM_ERROR.code());
                assertThat(endTransaction(cluster, halves.get(1), "another-group", 8))
                        .isEqualTo(ResponseCode.SYSTEM_ERROR.code());

                // well past the first check time: nothing more is delivered and nothing was asked
                Await.staysTrue(
                        "nothing more delivered and no check asked",
                        Duration.ofMillis(PAST_FIRST_CHECK_MS),
                        () -> deliveredBodies(store).equals(List.of("commit-1"))
                                && listener.checkTimesByBody.isEmpty());
                assertThat(deliveredBodies(store)).containsExactly("commit-1");
                assertThat(listener.checkTimesByBody).isEmpty();
                assertThat(cluster.broker().halfTransactions().pendingCount()).isZero();
                assertThat(StoreProbe.read(store, SystemTopics.TRANS_OP_HALF_TOPIC, 0))
                        .extracting(m -> new String(m.body(), StandardCharsets.US_ASCII))
                        .containsExactlyInAnyOrder("0", "1");
            } finally {
                producer.shutdown();
            }
        }
    }

    /** Sends END_TRANSACTION as a request that waits for its answer; returns the response code. */
    private static int endTransaction(SkiffTestCluster cluster, StoredMessage half, String group, int type)
            throws Exception {
        NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults());
        try {
            RemotingCommand request = RemotingCommand.request(
                    RequestCode.END_TRANSACTION,
                    new EndTransactionHeader(
                            TOPIC,
                            group,
                            half.queueOffset(),
                            half.physicalOffset(),
                            type,
                            false,
                            half.property("UNIQ_KEY"),
                            half.property("UNIQ_KEY"),
                            null));
            return client.invokeSync(cluster.brokerAddr(), request, 5_000).code();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void undecidedMessagesAreCheckedBackAndGivenUpAfterTheLimit() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastChecks(3))) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            ScriptedListener listener =
                    new ScriptedListener(b -> LocalTransactionState.UNKNOW, TransactionTest::byWord);
            TransactionMQProducer producer = producer(cluster, "pg-tx-check", listener);
            try {
                send(producer, "commit-later");
                send(producer, "rollback-later");
                send(producer, "unknown-forever");
                MessageStore store = cluster.broker().store();

                assertThat(StoreProbe.await(8_000, () -> deliveredBodies(store).contains("commit-later")))
                        .isTrue();
                assertThat(StoreProbe.await(
                                10_000,
                                () -> !StoreProbe.read(store, SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0)
                                        .isEmpty()))
                        .isTrue();
                assertThat(deliveredBodies(store)).containsExactly("commit-later");
                // answered at the first check (a second one may cross a slow answer; it changes nothing)
                assertThat(listener.checkTimesByBody.get("commit-later"))
                        .first()
                        .isEqualTo("1@" + TOPIC);
                assertThat(listener.checkTimesByBody.get("rollback-later"))
                        .first()
                        .isEqualTo("1@" + TOPIC);
                assertThat(listener.checkTimesByBody.get("unknown-forever"))
                        .containsExactly("1@" + TOPIC, "2@" + TOPIC, "3@" + TOPIC);

                StoredMessage givenUp = StoreProbe.read(store, SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0)
                        .get(0);
                assertThat(new String(givenUp.body(), StandardCharsets.UTF_8)).isEqualTo("unknown-forever");
                assertThat(givenUp.propertiesMap())
                        .containsEntry("TRANSACTION_CHECK_TIMES", "3")
                        .containsEntry("REAL_TOPIC", TOPIC);
                assertThat(cluster.broker().topics().get(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC))
                        .isNotNull();
                assertThat(cluster.broker().transactionCheck().discardedCount()).isEqualTo(1);
                Await.staysTrue(
                        "no check after giving up, nothing more delivered",
                        Duration.ofMillis(NO_CHECK_AFTER_GIVING_UP_MS),
                        () -> listener.checks("unknown-forever") == 3
                                && deliveredBodies(store).equals(List.of("commit-later")));
                assertThat(listener.checks("unknown-forever"))
                        .as("no check after giving up")
                        .isEqualTo(3);
                assertThat(cluster.broker().halfTransactions().pendingCount()).isZero();
                assertThat(deliveredBodies(store)).containsExactly("commit-later");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void anotherProducerOfTheGroupAnswersWhenTheFirstDied() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastChecks(50))) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            ScriptedListener first = new ScriptedListener(b -> LocalTransactionState.UNKNOW, b -> {
                throw new AssertionError("the dead producer was asked");
            });
            TransactionMQProducer dying = producer(cluster, "pg-tx-failover", first);
            send(dying, "commit-by-survivor");
            dying.shutdown();

            ScriptedListener second = new ScriptedListener(TransactionTest::byWord, TransactionTest::byWord);
            TransactionMQProducer survivor = producer(cluster, "pg-tx-failover", second);
            try {
                MessageStore store = cluster.broker().store();
                assertThat(StoreProbe.await(8_000, () -> deliveredBodies(store).contains("commit-by-survivor")))
                        .isTrue();
                assertThat(second.checks("commit-by-survivor")).isGreaterThanOrEqualTo(1);
                assertThat(first.checkTimesByBody).isEmpty();
                assertThat(deliveredBodies(store)).containsExactly("commit-by-survivor");
            } finally {
                survivor.shutdown();
            }
        }
    }

    @Test
    void aCheckHappensAfterABrokerRestartBetweenHalfAndDecision() throws Exception {
        Properties slow = fastChecks(50);
        slow.setProperty("transactionTimeOut", "1500");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, slow)) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            AtomicInteger checks = new AtomicInteger();
            ScriptedListener listener = new ScriptedListener(b -> LocalTransactionState.UNKNOW, b -> {
                checks.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            });
            TransactionMQProducer producer = producer(cluster, "pg-tx-restart", listener);
            try {
                send(producer, "commit-after-restart");
                assertThat(StoreProbe.await(
                                5_000, () -> cluster.broker().halfTransactions().pendingCount() == 1))
                        .isTrue();
                cluster.restartBroker();
                Path progress = cluster.broker().config().configDir().resolve("transactionProgress.json");
                assertThat(Files.readString(progress)).contains("\"offset\":0");
                assertThat(checks.get()).as("not checked before the restart").isZero();

                MessageStore store = cluster.broker().store();
                assertThat(StoreProbe.await(10_000, () -> deliveredBodies(store).contains("commit-after-restart")))
                        .isTrue();
                Await.staysTrue(
                        "no second delivery after the restart",
                        Duration.ofMillis(NO_REDELIVERY_AFTER_RESTART_MS),
                        () -> deliveredBodies(store).equals(List.of("commit-after-restart")));
                assertThat(deliveredBodies(store)).containsExactly("commit-after-restart");
                assertThat(cluster.broker().halfTransactions().pendingCount()).isZero();

                cluster.restartBroker();
                Await.staysTrue(
                        "a decided message stays decided (delivered once) after another restart",
                        Duration.ofMillis(PAST_CHECK_AFTER_SECOND_RESTART_MS),
                        () -> deliveredBodies(cluster.broker().store()).equals(List.of("commit-after-restart")));
                assertThat(deliveredBodies(cluster.broker().store()))
                        .as("a decided message stays decided after another restart")
                        .containsExactly("commit-after-restart");
                assertThat(checks.get()).isGreaterThanOrEqualTo(1);
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void hundredsOfConcurrentTransactionsDeliverExactlyTheCommittedOnes() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, fastChecks(50))) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            // outcome by number: commit, rollback, unknown then commit, unknown then rollback
            ScriptedListener listener = new ScriptedListener(
                    b -> switch (Integer.parseInt(b.split("-")[1]) % 4) {
                        case 0 -> LocalTransactionState.COMMIT_MESSAGE;
                        case 1 -> LocalTransactionState.ROLLBACK_MESSAGE;
                        default -> LocalTransactionState.UNKNOW;
                    },
                    b -> Integer.parseInt(b.split("-")[1]) % 4 == 2
                            ? LocalTransactionState.COMMIT_MESSAGE
                            : LocalTransactionState.ROLLBACK_MESSAGE);
            TransactionMQProducer producer = producer(cluster, "pg-tx-many", listener);
            int count = 400;
            long seed = System.nanoTime();
            java.util.Random random = new java.util.Random(seed);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            Set<String> expected = ConcurrentHashMap.newKeySet();
            for (int i : order) {
                if (i % 4 == 0 || i % 4 == 2) {
                    expected.add("tx-" + i);
                }
            }
            Set<String> consumed = ConcurrentHashMap.newKeySet();
            AtomicInteger duplicates = new AtomicInteger();
            var consumer = OfficialClients.pushConsumer(cluster, "cg-tx-many");
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener((org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently)
                    (msgs, ctx) -> {
                        for (MessageExt m : msgs) {
                            if (!consumed.add(body(m))) {
                                duplicates.incrementAndGet();
                            }
                        }
                        return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumer.start();
            Thread[] senders = new Thread[8];
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            try {
                for (int t = 0; t < senders.length; t++) {
                    int first = t;
                    senders[t] = new Thread(() -> {
                        for (int k = first; k < count; k += senders.length) {
                            try {
                                send(producer, "tx-" + order.get(k));
                            } catch (Exception e) {
                                failures.add(e);
                            }
                        }
                    });
                    senders[t].start();
                }
                for (Thread t : senders) {
                    t.join(20_000);
                }
                assertThat(failures).isEmpty();
                assertThat(StoreProbe.await(20_000, () -> consumed.size() >= expected.size()))
                        .as("seed " + seed)
                        .isTrue();
                Await.staysTrue(
                        "exactly the committed ones consumed, no duplicate (seed " + seed + ")",
                        Duration.ofMillis(NO_DUPLICATE_WINDOW_MS),
                        () -> consumed.equals(expected) && duplicates.get() == 0);
                assertThat(consumed).as("seed " + seed).isEqualTo(expected);
                assertThat(duplicates.get()).isZero();
                assertThat(deliveredBodies(cluster.broker().store())).hasSize(expected.size());
                assertThat(cluster.broker().halfTransactions().pendingCount()).isZero();
                System.out.printf(
                        "TransactionTest: %d transactions, %d committed, all settled in %d ms%n",
                        count, expected.size(), (System.nanoTime() - start) / 1_000_000);
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    /** The official admin API and the official mqadmin (as a process) see the pending half messages. */
    @Test
    void topicStatusShowsTheHalfTopic() throws Exception {
        Properties noChecks = new Properties();
        noChecks.setProperty("transactionTimeOut", "600000");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, noChecks)) {
            ConsumeSupport.createTopic(cluster, TOPIC, 4);
            ScriptedListener listener =
                    new ScriptedListener(b -> LocalTransactionState.UNKNOW, b -> LocalTransactionState.UNKNOW);
            TransactionMQProducer producer = producer(cluster, "pg-tx-stats", listener);
            var admin = OfficialClients.admin(cluster, 100);
            try {
                send(producer, "pending-1");
                send(producer, "pending-2");
                var stats = admin.examineTopicStats(SystemTopics.TRANS_HALF_TOPIC);
                MessageQueue half = new MessageQueue(
                        SystemTopics.TRANS_HALF_TOPIC, cluster.broker().config().brokerName(), 0);
                assertThat(stats.getOffsetTable()).containsKey(half);
                assertThat(stats.getOffsetTable().get(half).getMaxOffset()).isEqualTo(2);
                assertThat(StoreProbe.await(
                                5_000, () -> cluster.broker().halfTransactions().pendingCount() == 2))
                        .isTrue();
            } finally {
                admin.shutdown();
                producer.shutdown();
            }
        }
    }
}
