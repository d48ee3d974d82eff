package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.transaction.EndTransactionProcessor;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit is two writes: the committed copy, then the op record. A crash between them (injected
 * here: the copy is stored by the broker's own code, the op record never, then the broker
 * restarts) must not deliver the message twice when the check-back asks again and the producer
 * answers COMMIT again.
 */
class TransactionCommitCrashTest {
    @TempDir
    Path dir;

    @Test
    void aCommitInterruptedBetweenCopyAndOpRecordIsDeliveredOnceAfterTheRestart() throws Exception {
        Properties p = TransactionTest.fastChecks(50);
        p.setProperty("transactionTimeOut", "1500");
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir, p)) {
            ConsumeSupport.createTopic(cluster, "TxTopic", 4);
            AtomicInteger checks = new AtomicInteger();
            AtomicBoolean restarted = new AtomicBoolean();
            // the producer's transactions commit, but it says so only after the restart (a check
            // before it, on a slow machine, must not decide anything while the crash is staged)
            TransactionTest.ScriptedListener listener =
                    new TransactionTest.ScriptedListener(b -> LocalTransactionState.UNKNOW, b -> {
                        if (!restarted.get()) {
                            return LocalTransactionState.UNKNOW;
                        }
                        checks.incrementAndGet();
                        return LocalTransactionState.COMMIT_MESSAGE;
                    });
            TransactionMQProducer producer = TransactionTest.producer(cluster, "pg-tx-crash", listener);
            try {
                TransactionTest.send(producer, "commit-crash");
                TransactionTest.send(producer, "commit-untouched");
                assertThat(StoreProbe.await(
                                5_000, () -> cluster.broker().halfTransactions().pendingCount() == 2))
                        .isTrue();
                MessageStore store = cluster.broker().store();
                List<StoredMessage> halves = StoreProbe.read(store, SystemTopics.TRANS_HALF_TOPIC, 0);
                StoredMessage half = halves.stream()
                        .filter(h -> new String(h.body(), StandardCharsets.UTF_8).equals("commit-crash"))
                        .findFirst()
                        .orElseThrow();

                // the first write of the commit, then the crash: no op record
                MessageToStore copy = EndTransactionProcessor.committedCopy(half);
                PutResult stored = store.putMessage(copy).get(10, TimeUnit.SECONDS);
                assertThat(stored.isStored()).isTrue();
                assertThat(((DefaultMessageStore) store).awaitDispatched(5_000)).isTrue();
                assertThat(TransactionTest.deliveredBodies(store)).containsExactly("commit-crash");
                cluster.restartBroker();
                restarted.set(true);

                MessageStore after = cluster.broker().store();
                assertThat(StoreProbe.await(
                                30_000,
                                () -> cluster.broker().halfTransactions().pendingCount() == 0))
                        .as("both decided by the check-back")
                        .isTrue();
                assertThat(((DefaultMessageStore) after).awaitDispatched(5_000)).isTrue();
                assertThat(TransactionTest.deliveredBodies(after))
                        .as("the interrupted commit once, the other committed by the check-back")
                        .containsExactlyInAnyOrder("commit-crash", "commit-untouched");
                assertThat(checks.get())
                        .as("after the restart the check-back asked about both")
                        .isGreaterThanOrEqualTo(2);
                assertThat(StoreProbe.read(after, SystemTopics.TRANS_OP_HALF_TOPIC, 0))
                        .as("both decisions recorded")
                        .hasSize(2);

            } finally {
                producer.shutdown();
            }
        }
    }
}
