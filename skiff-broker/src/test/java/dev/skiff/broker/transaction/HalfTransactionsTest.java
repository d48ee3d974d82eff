package dev.skiff.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.client.ClientTables;
import dev.skiff.broker.client.ProducerRegistry;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.schedule.ScheduleTagsCode;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.SelectedRecord;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The half-message bookkeeping over a real store, driven round by round with a manual clock. */
class HalfTransactionsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long TIMEOUT_MS = 6_000;
    private static final long INTERVAL_MS = 60_000;
    private static final HostAddress HOST = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private DefaultMessageStore store;
    private MessageAppender appender;
    private ConsumerOffsetTable offsets;

    @BeforeEach
    void open() throws Exception {
        store = new DefaultMessageStore(
                StoreConfig.builder(dir.resolve("store"))
                        .commitLogSegmentBytes(1 << 20)
                        .preTouchSegments(false)
                        .indexEnabled(false)
                        .build(),
                clock,
                () -> 0.1,
                ArrivalListener.NONE,
                new ScheduleTagsCode(new long[] {1_000}));
        store.start();
        appender = new MessageAppender(store);
        appender.addRewriter(new HalfMessageRewriter());
        offsets = ConsumerOffsetTable.open(dir.resolve("consumerOffset.json"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private HalfTransactions halves() throws Exception {
        return HalfTransactions.open(
                dir.resolve("transactionProgress.json"), store, offsets, HOST, clock, TIMEOUT_MS, 1_000);
    }

    private void sendHalves(int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            String props = MessageProperties.encode(
                    Map.of("UNIQ_KEY", "U" + i, "PGROUP", "pg", "TRAN_MSG", "true", "TAGS", "t"));
            MessageToStore m = new MessageToStore(
                    "Orders", i % 2, 0, ("m" + i).getBytes(StandardCharsets.UTF_8), props, 0x4, T0, HOST, 0, 0);
            PutResult r = appender.append(m).get(5, TimeUnit.SECONDS);
            assertThat(r.isStored()).isTrue();
        }
        assertThat(store.awaitDispatched(5_000)).isTrue();
    }

    private List<StoredMessage> read(String topic, int queueId) {
        List<StoredMessage> out = new ArrayList<>();
        try (GetResult r = store.getMessages(topic, queueId, 0, 1_000, 1 << 24, MessageFilter.ALL)) {
            for (SelectedRecord rec : r.records()) {
                out.add(StoredRecordDecoder.decode(rec.buffer(), rec.buffer().position()));
            }
        }
        return out;
    }

    private boolean decide(HalfTransactions halves, long halfOffset) {
        StoredMessage half = halves.lookup(
                read(SystemTopics.TRANS_HALF_TOPIC, 0).get((int) halfOffset).physicalOffset());
        return halves.take(half) == HalfLedger.Take.TAKEN && halves.finish(halfOffset);
    }

    @Test
    void aRoundReadsOnlyWhatArrivedSinceTheLastOne() throws Exception {
        HalfTransactions halves = halves();
        sendHalves(0, 50);
        halves.catchUp();
        assertThat(halves.pendingCount()).isEqualTo(50);
        assertThat(halves.recordsReadCount()).isEqualTo(50);

        halves.catchUp();
        assertThat(halves.recordsReadCount()).as("nothing new, nothing read").isEqualTo(50);

        for (long i = 0; i < 10; i++) {
            assertThat(decide(halves, i)).isTrue();
        }
        sendHalves(50, 5);
        assertThat(store.awaitDispatched(5_000)).isTrue();
        halves.catchUp();
        assertThat(halves.recordsReadCount()).as("5 halves and 10 op records").isEqualTo(65);
        assertThat(halves.pendingCount()).isEqualTo(45);
        assertThat(offsets.query(TransactionNames.CHECK_GROUP, SystemTopics.TRANS_HALF_TOPIC, 0))
                .as("lowest undecided")
                .isEqualTo(10);
        assertThat(offsets.query(TransactionNames.CHECK_GROUP, SystemTopics.TRANS_OP_HALF_TOPIC, 0))
                .isEqualTo(10);
    }

    @Test
    void aDecisionBeforeTheScanAndARepeatedOneCountOnce() throws Exception {
        HalfTransactions halves = halves();
        sendHalves(0, 3);
        assertThat(decide(halves, 1)).as("decided before any round").isTrue();
        assertThat(decide(halves, 1)).as("a repeat is refused").isFalse();
        halves.catchUp();
        assertThat(halves.pendingCount()).isEqualTo(2);
        assertThat(store.awaitDispatched(5_000)).isTrue();
        assertThat(read(SystemTopics.TRANS_OP_HALF_TOPIC, 0)).hasSize(1);
    }

    @Test
    void aReopenedLedgerReplaysDecisionsMadeAfterItsSnapshot() throws Exception {
        HalfTransactions before = halves();
        sendHalves(0, 6);
        before.catchUp();
        decide(before, 0);
        before.persist();
        decide(before, 2); // after the snapshot: only its op record tells
        decide(before, 4);
        sendHalves(6, 2); // read by nobody before the "crash"

        HalfTransactions after = halves();
        after.catchUp();
        assertThat(after.pendingCount()).isEqualTo(5); // 1, 3, 5, 6, 7
        assertThat(decide(after, 2)).as("decided before the restart").isFalse();
        assertThat(decide(after, 3)).isTrue();
    }

    @Test
    void checkBacksComeAtTheTimeoutThenEachIntervalAndTheMessageIsGivenUpAfterTheLimit() throws Exception {
        HalfTransactions halves = halves();
        TopicConfigTable topics = TopicConfigTable.open(dir.resolve("topics.json"), clock, 100, List.of());
        ProducerRegistry noProducers = new ProducerRegistry(ClientTables.defaults(120_000), clock);
        TransactionCheckService service = new TransactionCheckService(
                halves, noProducers, appender, topics, clock, "broker-a", TIMEOUT_MS, INTERVAL_MS, 2);
        sendHalves(0, 1);

        service.round();
        assertThat(service.checksWithoutProducerCount()).isZero();
        clock.advanceMs(TIMEOUT_MS);
        service.round();
        assertThat(service.checksWithoutProducerCount()).isEqualTo(1);
        clock.advanceMs(INTERVAL_MS - 1);
        service.round();
        assertThat(service.checksWithoutProducerCount()).isEqualTo(1);
        clock.advanceMs(1);
        service.round();
        assertThat(service.checksWithoutProducerCount()).isEqualTo(2);
        assertThat(service.discardedCount()).isZero();

        clock.advanceMs(INTERVAL_MS);
        service.round();
        assertThat(service.discardedCount()).isEqualTo(1);
        assertThat(halves.pendingCount()).isZero();
        assertThat(store.awaitDispatched(5_000)).isTrue();
        List<StoredMessage> givenUp = read(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0);
        assertThat(givenUp).hasSize(1);
        assertThat(givenUp.get(0).propertiesMap())
                .containsEntry("TRANSACTION_CHECK_TIMES", "2")
                .containsEntry("UNIQ_KEY", "U0");
        assertThat(topics.get(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC)).isNotNull();

        clock.advanceMs(10 * INTERVAL_MS);
        service.round();
        assertThat(service.checksWithoutProducerCount())
                .as("no check after giving up")
                .isEqualTo(2);
    }
}
