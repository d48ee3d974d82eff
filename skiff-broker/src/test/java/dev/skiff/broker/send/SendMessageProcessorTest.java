package dev.skiff.broker.send;

import static dev.skiff.broker.testing.ProcessorBed.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.testing.ProcessorBed;
import dev.skiff.broker.testing.RecordingContext;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.RandomSource;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import dev.skiff.remoting.protocol.header.SendMessageResponseHeader;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SendMessageProcessor} without sockets: every refusal code of the class javadoc, every
 * store answer mapped to its wire code, and the I/O-thread path handing a send that would wait to
 * the executor path. A real store on a temporary directory; store answers that need a failing
 * disk or a slave are scripted over it.
 */
class SendMessageProcessorTest {
    private static final String TOPIC = "SendTopic";
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private ProcessorBed bed;
    private SendMessageProcessor processor;

    private void open(String... config) throws Exception {
        bed = new ProcessorBed(dir, config);
        bed.topic(TOPIC, 4, RW);
        processor = new SendMessageProcessor(bed.live, bed.topics, bed.appender, bed.storeHost, bed.clock);
    }

    @AfterEach
    void close() {
        if (bed != null) {
            bed.close();
        }
    }

    private static SendMessageRequestHeader header(String topic, int queueId, int sysFlag, String properties) {
        return new SendMessageRequestHeader(
                "PG",
                topic,
                SystemTopics.DEFAULT_TOPIC,
                4,
                queueId,
                sysFlag,
                1_700_000_000_000L,
                0,
                properties,
                0,
                false,
                16,
                null,
                "broker-a");
    }

    private static RemotingCommand send(String topic, int queueId, int sysFlag, String properties, byte[] body) {
        return RemotingCommand.request(
                        RequestCode.SEND_MESSAGE_V2,
                        header(topic, queueId, sysFlag, properties).asV2())
                .body(body);
    }

    private static RemotingCommand send(String topic, int queueId) {
        return send(topic, queueId, 0, "TAGS\u0001TagA\u0002", BODY);
    }

    private static RemotingCommand batch(int sysFlag, byte[] body) {
        return RemotingCommand.request(
                        RequestCode.SEND_BATCH_MESSAGE,
                        header(TOPIC, 0, sysFlag, null).asV2())
                .body(body);
    }

    private RemotingCommand answer(RemotingCommand request) throws InterruptedException {
        RecordingContext ctx = RecordingContext.local();
        processor.process(ctx, request);
        return ctx.await(WAIT_MS);
    }

    private void assertRefused(RemotingCommand request, ResponseCode code, String remarkPart) throws Exception {
        long refusedBefore = processor.refusedCount();
        RemotingCommand response = answer(request);
        assertThat(response.code()).as(response.remark()).isEqualTo(code.code());
        assertThat(response.remark()).contains(remarkPart);
        assertThat(processor.refusedCount()).isEqualTo(refusedBefore + 1);
        assertThat(bed.store.appendCalls())
                .as("a refused send reaches no store")
                .isZero();
    }

    @Test
    void storesASendAndAnswersWhereItWent() throws Exception {
        open();
        RemotingCommand response = answer(send(TOPIC, 2));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        SendMessageResponseHeader h = SendMessageResponseHeader.decode(response.fields());
        assertThat(h.queueId()).isEqualTo(2);
        assertThat(h.queueOffset()).isZero();
        assertThat(response.extField("MSG_REGION")).isEqualTo(SendMessageProcessor.DEFAULT_REGION);
        bed.arrivals.awaitDispatched(TOPIC, 2, 1, WAIT_MS);
        StoredMessage stored = bed.read(TOPIC, 2, 0).get(0);
        assertThat(stored.body()).isEqualTo(BODY);
        assertThat(h.msgId()).isEqualTo(OffsetMessageId.encode(bed.storeHost, stored.physicalOffset()));
        assertThat(stored.property("TAGS")).isEqualTo("TagA");
        assertThat(stored.property("CLUSTER")).isEqualTo("TestCluster");
        assertThat(stored.property(MessageProperties.UNIQ_KEY))
                .as("the broker adds a missing key")
                .isNotBlank();
        assertThat(stored.bornHost().toString()).contains("40001");
    }

    @Test
    void aClosedWriteGuardRefusesTheSendWithNothingStoredAndAnOpenOneStoresAgain() throws Exception {
        open();
        java.util.concurrent.atomic.AtomicBoolean leaseHeld = new java.util.concurrent.atomic.AtomicBoolean(false);
        bed.appender.setWriteGuard(leaseHeld::get);
        RemotingCommand refused = answer(send(TOPIC, 1));
        assertThat(refused.code()).as(refused.remark()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE.code());
        assertThat(bed.store.appendCalls())
                .as("a refused send reaches no store")
                .isZero();
        leaseHeld.set(true);
        assertThat(answer(send(TOPIC, 1)).code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(bed.store.appendCalls()).isEqualTo(1);
    }

    @Test
    void aBrokerThatTakesNoWritesRefusesBeforeLookingAtTheTopic() throws Exception {
        open();
        bed.set("brokerPermission", TopicConfig.PERM_READ);
        assertRefused(send("bad topic!", 0), ResponseCode.NO_PERMISSION, "does not accept writes");
    }

    @Test
    void aBadTopicNameIsAnInvalidParameter() throws Exception {
        open();
        assertRefused(send("bad topic!", 0), ResponseCode.INVALID_PARAMETER, "bad topic!");
    }

    @Test
    void aSystemTopicCannotBeSentTo() throws Exception {
        open();
        assertRefused(send(SystemTopics.SCHEDULE_TOPIC, 0), ResponseCode.NO_PERMISSION, "system topic");
    }

    @Test
    void anUnknownTopicIsRefusedWhenAutoCreationIsOff() throws Exception {
        open("autoCreateTopicEnable", "false");
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, send("NewTopic", 0)))
                .as("a send that may create a topic takes the executor")
                .isFalse();
        assertThat(ctx.answered()).isFalse();
        assertRefused(send("NewTopic", 0), ResponseCode.TOPIC_NOT_EXIST, "auto-creation is off");
        assertThat(bed.topics.get("NewTopic")).isNull();
    }

    @Test
    void anUnknownTopicIsCreatedWhenAutoCreationIsOn() throws Exception {
        open("autoCreateTopicEnable", "true");
        RemotingCommand response = answer(send("NewTopic", 1));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(bed.topics.get("NewTopic").writeQueueNums()).isEqualTo(4);
    }

    @Test
    void aTopicThatTakesNoWritesRefuses() throws Exception {
        open();
        bed.topic("ReadOnly", 4, TopicConfig.PERM_READ);
        assertRefused(send("ReadOnly", 0), ResponseCode.NO_PERMISSION, "not writable");
    }

    @Test
    void aQueueIdBeyondTheTopicsQueuesIsAnInvalidParameter() throws Exception {
        open();
        assertRefused(send(TOPIC, 4), ResponseCode.INVALID_PARAMETER, "out of range");
        assertThat(answer(send(TOPIC, 3)).code()).isEqualTo(ResponseCode.SUCCESS.code());
    }

    @Test
    void aNegativeQueueIdLetsTheBrokerPickAWriteQueue() throws Exception {
        open();
        for (int i = 0; i < 8; i++) {
            RemotingCommand response = answer(send(TOPIC, -1));
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(SendMessageResponseHeader.decode(response.fields()).queueId())
                    .isBetween(0, 3);
        }
    }

    @Test
    void theQueuePickedForANegativeQueueIdComesFromTheInjectedSource() throws Exception {
        open();
        processor = new SendMessageProcessor(
                bed.live, bed.topics, bed.appender, bed.storeHost, bed.clock, RandomSource.seeded(42));
        RandomSource same = RandomSource.seeded(42);
        for (int i = 0; i < 8; i++) {
            RemotingCommand response = answer(send(TOPIC, -1));
            assertThat(SendMessageResponseHeader.decode(response.fields()).queueId())
                    .isEqualTo(same.nextInt(4));
        }
    }

    @Test
    void aBodyOverTheLiveLimitIsIllegal() throws Exception {
        open();
        bed.set("maxMessageSize", 1024);
        assertRefused(send(TOPIC, 0, 0, null, new byte[1025]), ResponseCode.MESSAGE_ILLEGAL, "over the limit of 1024");
        assertThat(answer(send(TOPIC, 0, 0, null, new byte[1024])).code()).isEqualTo(ResponseCode.SUCCESS.code());
    }

    @Test
    void anEmptyBodyIsIllegal() throws Exception {
        open();
        assertRefused(send(TOPIC, 0, 0, null, new byte[0]), ResponseCode.MESSAGE_ILLEGAL, "empty");
    }

    @Test
    void propertiesOverTheLimitAreIllegal() throws Exception {
        open();
        String huge = "KEYS\u0001" + "k".repeat(MessageProperties.ENCODED_MAX_BYTES) + "\u0002";
        assertRefused(send(TOPIC, 0, 0, huge, BODY), ResponseCode.MESSAGE_ILLEGAL, "properties are longer");
    }

    @Test
    void aMalformedBatchIsIllegal() throws Exception {
        open();
        assertRefused(batch(0, new byte[] {0, 0, 0, 99, 1, 2}), ResponseCode.MESSAGE_ILLEGAL, "");
    }

    @Test
    void aSysFlagWithBitsAProducerMayNotSetIsIllegal() throws Exception {
        open();
        assertRefused(send(TOPIC, 0, 0x1000, null, BODY), ResponseCode.MESSAGE_ILLEGAL, "may not set");
    }

    @Test
    void aCommitFlagOnASendIsIllegal() throws Exception {
        open();
        assertRefused(send(TOPIC, 0, 0x8, null, BODY), ResponseCode.MESSAGE_ILLEGAL, "END_TRANSACTION");
    }

    @Test
    void aCompressedBodyThatDoesNotInflateIsIllegalAndIsCheckedOffTheIoThread() throws Exception {
        open();
        RemotingCommand request = send(TOPIC, 0, SendSysFlag.COMPRESSED, null, BODY);
        RecordingContext inline = RecordingContext.local();
        assertThat(processor.processInline(inline, request)).isFalse();
        assertThat(inline.answered()).isFalse();
        assertRefused(request, ResponseCode.MESSAGE_ILLEGAL, "does not inflate");
    }

    @Test
    void aTranMsgPropertyWithoutThePreparedFlagIsIllegal() throws Exception {
        open();
        assertRefused(
                send(TOPIC, 0, 0, "TRAN_MSG\u0001true\u0002", BODY), ResponseCode.MESSAGE_ILLEGAL, "prepared sysFlag");
    }

    @Test
    void aHalfMessageCannotBeABatch() throws Exception {
        open();
        assertRefused(
                batch(SendSysFlag.TRANSACTION_PREPARED, batchBody("a", "b")),
                ResponseCode.MESSAGE_ILLEGAL,
                "cannot be a transactional half");
    }

    @Test
    void aBatchIsStoredContiguouslyWithOneIdPerMessage() throws Exception {
        open();
        RemotingCommand response = answer(batch(0, batchBody("a", "b", "c")));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        SendMessageResponseHeader h = SendMessageResponseHeader.decode(response.fields());
        assertThat(h.msgId().split(",")).hasSize(3);
        bed.arrivals.awaitDispatched(TOPIC, 0, 3, WAIT_MS);
        List<StoredMessage> stored = bed.read(TOPIC, 0, 0);
        assertThat(stored)
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("a", "b", "c");
        assertThat(stored)
                .allSatisfy(
                        m -> assertThat(m.property(MessageProperties.UNIQ_KEY)).isNotBlank());
    }

    private static byte[] batchBody(String... bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String body : bodies) {
            out.writeBytes(BatchBodyTest.record(0, body, "TAGS\u0001T\u0002"));
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({
        "STORE_FAILED, 14",
        "DISK_FULL, 14",
        "SERVICE_NOT_AVAILABLE, 14",
        "WOULD_WAIT, 14",
        "MESSAGE_ILLEGAL, 13",
        "PROPERTIES_SIZE_EXCEEDED, 13"
    })
    void aStoreRefusalIsMappedToItsWireCode(PutStatus status, int code) throws Exception {
        open();
        bed.store.answerNextAppend(status);
        RemotingCommand response = answer(send(TOPIC, 0));
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.remark())
                .isEqualTo(
                        status == PutStatus.STORE_FAILED
                                ? SendMessageProcessor.STORE_FAILED_REMARK
                                : "the store refused the message: " + status);
        assertThat(bed.realStore.maxOffsetInQueue(TOPIC, 0))
                .as("nothing stored")
                .isZero();
    }

    @Test
    void aFlushTimeoutIsCode10AndStillSaysWhereTheMessageWent() throws Exception {
        open();
        bed.store.answerFlushes(PutStatus.FLUSH_DISK_TIMEOUT);
        RemotingCommand response = answer(send(TOPIC, 1));
        assertThat(response.code()).isEqualTo(ResponseCode.FLUSH_DISK_TIMEOUT.code());
        SendMessageResponseHeader h = SendMessageResponseHeader.decode(response.fields());
        assertThat(h.queueId()).isEqualTo(1);
        assertThat(h.msgId()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({"FLUSH_SLAVE_TIMEOUT, 12", "SLAVE_NOT_AVAILABLE, 11"})
    void aReplicationShortfallKeepsItsOwnCode(PutStatus status, int code) throws Exception {
        open();
        bed.appender.setReplicaWait(stored -> CompletableFuture.completedFuture(stored.withStatus(status)));
        RemotingCommand response = answer(send(TOPIC, 0));
        assertThat(response.code()).isEqualTo(code);
        assertThat(SendMessageResponseHeader.decode(response.fields()).queueOffset())
                .isZero();
    }

    @Test
    void aStoreThatFailsTheFutureAnswersSystemError() throws Exception {
        open();
        bed.appender.setReplicaWait(stored -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        RemotingCommand response = answer(send(TOPIC, 0));
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(response.remark()).contains("boom");
    }

    @Test
    void anInlineSendIsStoredOnTheCallingThread() throws Exception {
        open();
        // The first append of a fresh store opens its first segment: that one waits.
        assertThat(answer(send(TOPIC, 0)).code()).isEqualTo(ResponseCode.SUCCESS.code());
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, send(TOPIC, 0))).isTrue();
        assertThat(SendMessageResponseHeader.decode(ctx.await(WAIT_MS).fields()).queueOffset())
                .isEqualTo(1);
        assertThat(bed.store.nonWaitingAppendCalls()).isEqualTo(1);
    }

    @Test
    void anInlineSendWaitsForTheSlavesAsTheExecutorPathDoes() throws Exception {
        open();
        assertThat(answer(send(TOPIC, 0)).code()).isEqualTo(ResponseCode.SUCCESS.code()); // opens a segment
        bed.appender.setReplicaWait(
                stored -> CompletableFuture.completedFuture(PutResult.refused(PutStatus.SLAVE_NOT_AVAILABLE)));
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, send(TOPIC, 0))).isTrue();
        assertThat(bed.store.nonWaitingAppendCalls()).isEqualTo(1);
        assertThat(ctx.await(WAIT_MS).code())
                .as("a SYNC_MASTER's inline send is answered by the replica wait, not the store alone")
                .isEqualTo(ResponseCode.SLAVE_NOT_AVAILABLE.code());
    }

    @Test
    void aRefusingAppenderRefusesInlineSendsToo() throws Exception {
        open();
        assertThat(answer(send(TOPIC, 0)).code()).isEqualTo(ResponseCode.SUCCESS.code());
        bed.appender.refuseAll();
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, send(TOPIC, 0))).isTrue();
        assertThat(ctx.await(WAIT_MS).code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE.code());
        assertThat(bed.store.nonWaitingAppendCalls()).isZero();
    }

    @Test
    void anInlineSendThatWouldWaitIsHandedToTheExecutorPathUntouched() throws Exception {
        open();
        bed.store.answerNextAppend(PutStatus.WOULD_WAIT);
        RemotingCommand request = send(TOPIC, 0);
        RecordingContext ctx = RecordingContext.local();

        assertThat(processor.processInline(ctx, request)).isFalse();
        assertThat(ctx.answered()).as("nothing answered on the I/O thread").isFalse();
        assertThat(bed.realStore.maxOffsetInQueue(TOPIC, 0))
                .as("nothing stored on the I/O thread")
                .isZero();

        processor.process(ctx, request);
        assertThat(ctx.await(WAIT_MS).code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(bed.store.appendCalls()).isEqualTo(2);
        assertThat(bed.store.nonWaitingAppendCalls()).isEqualTo(1);
        bed.arrivals.awaitDispatched(TOPIC, 0, 1, WAIT_MS);
        assertThat(bed.read(TOPIC, 0, 0)).as("stored once").hasSize(1);
    }

    @Test
    void withInlineSendsOffEverySendTakesTheExecutor() throws Exception {
        open("sendInline", "false");
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, send(TOPIC, 0))).isFalse();
        assertThat(ctx.answered()).isFalse();
        assertThat(bed.store.appendCalls()).isZero();
    }

    @Test
    void propertiesKeepAKeyTheProducerSet() throws Exception {
        open();
        String props = MessageProperties.encode(Map.of(MessageProperties.UNIQ_KEY, "MY-KEY-1"));
        assertThat(answer(send(TOPIC, 0, 0, props, BODY)).code()).isEqualTo(ResponseCode.SUCCESS.code());
        bed.arrivals.awaitDispatched(TOPIC, 0, 1, WAIT_MS);
        assertThat(bed.read(TOPIC, 0, 0).get(0).property(MessageProperties.UNIQ_KEY))
                .isEqualTo("MY-KEY-1");
    }
}
