package dev.skiff.broker.pull;

import static dev.skiff.broker.testing.ProcessorBed.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.filter.SqlFilterCache;
import dev.skiff.broker.testing.ProcessorBed;
import dev.skiff.broker.testing.QueuedExecutor;
import dev.skiff.broker.testing.RecordingContext;
import dev.skiff.common.concurrent.ManualScheduler;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.PullMessageRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PullMessageProcessor} without sockets: every check and its code, every store status and
 * the offset it answers, tag and SQL92 filters, the suggested broker, and long polling: a held
 * pull woken by a real arrival from the store's dispatcher, or expired by the manual clock
 * through a {@link ManualScheduler} that runs the service's expiry every tick, as the broker's
 * own thread does. Woken pulls land on a {@link QueuedExecutor} the test drains itself.
 */
class PullMessageProcessorTest {
    private static final String TOPIC = "PullTopic";
    private static final String GROUP = "PullGroup";
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
    private static final long HOLD_MS = 15_000;

    @TempDir
    Path dir;

    private ProcessorBed bed;
    private final QueuedExecutor executor = new QueuedExecutor();
    private ManualScheduler scheduler;
    private PullMessageProcessor processor;
    private final List<String> delivered = new ArrayList<>();
    private volatile long suggestedId = PullRoute.MASTER_ID;

    private void open(String... config) throws Exception {
        bed = new ProcessorBed(dir, config);
        bed.topic(TOPIC, 2, RW);
        bed.groups.createOrUpdate(SubscriptionGroupConfig.defaults(GROUP));
        processor = new PullMessageProcessor(
                bed.live,
                bed.topics,
                bed.groups,
                bed.consumers,
                bed.offsets,
                bed.store.store(),
                executor,
                (topic, group, messages, bytes) -> delivered.add(topic + "/" + group + "/" + messages),
                new SqlFilterCache(64),
                (group, lastRead) -> suggestedId,
                bed.clock);
        bed.arrivals.forwardTo(processor.longPolling());
        scheduler = new ManualScheduler(bed.clock);
        scheduler.scheduleWithFixedDelay(
                "pull-hold",
                LongPollingService.TICK_MS,
                LongPollingService.TICK_MS,
                processor.longPolling()::expireDue);
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (processor != null) {
            processor.longPolling().close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    /** A pull with the group's registered subscription (no SUBSCRIPTION flag). */
    private static RemotingCommand pull(int queueId, long offset, int sysFlag) {
        return pull(queueId, offset, sysFlag, null, null, 0);
    }

    private static RemotingCommand pull(
            int queueId, long offset, int sysFlag, String expression, String type, long subVersion) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP,
                        TOPIC,
                        queueId,
                        offset,
                        32,
                        sysFlag,
                        0,
                        HOLD_MS,
                        expression,
                        subVersion,
                        type,
                        null,
                        "broker-a"));
    }

    /** A pull carrying its own expression (SUBSCRIPTION flag). */
    private static RemotingCommand pullWith(long offset, String type, String expression) {
        return pull(0, offset, PullMessageRequestHeader.FLAG_SUBSCRIPTION, expression, type, 0);
    }

    private RemotingCommand answer(RemotingCommand request) throws InterruptedException {
        RecordingContext ctx = RecordingContext.local();
        processor.process(ctx, request);
        return ctx.await(WAIT_MS);
    }

    private static PullMessageResponseHeader header(RemotingCommand response) {
        return PullMessageResponseHeader.decode(response.fields());
    }

    /** Decodes and releases the records of a found pull. */
    private static List<StoredMessage> records(RemotingCommand response) {
        ByteBuf buf = response.bodyBuf();
        try {
            return StoredRecordDecoder.decodeAll(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    private static List<String> bodies(RemotingCommand response) {
        return records(response).stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private void putTagged(int queueId, String... tags) throws Exception {
        for (String tag : tags) {
            bed.put(TOPIC, queueId, "body-" + tag, Map.of("TAGS", tag));
        }
    }

    private void subscribeAll() {
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "*"));
    }

    private void assertCode(RemotingCommand response, ResponseCode code) {
        assertThat(response.code()).as(response.remark()).isEqualTo(code.code());
    }

    // ---- statuses ----------------------------------------------------------------------------

    @Test
    void foundRecordsTravelWithTheNextOffsetAndAreCounted() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A", "B", "C");

        RemotingCommand response = answer(pull(0, 1, 0));

        assertCode(response, ResponseCode.SUCCESS);
        PullMessageResponseHeader h = header(response);
        assertThat(h.nextBeginOffset()).isEqualTo(3);
        assertThat(h.minOffset()).isZero();
        assertThat(h.maxOffset()).isEqualTo(3);
        assertThat(h.suggestWhichBrokerId()).isEqualTo(PullRoute.MASTER_ID);
        assertThat(bodies(response)).containsExactly("body-B", "body-C");
        assertThat(delivered).containsExactly(TOPIC + "/" + GROUP + "/2");
    }

    @Test
    void anOffsetAtTheEndIsNotFoundWhenThePullMayNotBeHeld() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A");
        RemotingCommand response = answer(pull(0, 1, 0));
        assertCode(response, ResponseCode.PULL_NOT_FOUND);
        assertThat(header(response).nextBeginOffset()).isEqualTo(1);
        assertThat(processor.longPolling().parkedCount()).isZero();
    }

    @Test
    void anOffsetBeyondTheEndMovesToTheEnd() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A", "B");
        RemotingCommand response = answer(pull(0, 9, 0));
        assertCode(response, ResponseCode.PULL_OFFSET_MOVED);
        assertThat(header(response).nextBeginOffset()).isEqualTo(2);
    }

    @Test
    void anOffsetBelowTheOldestKeptMovesToTheOldest() throws Exception {
        open();
        subscribeAll();
        String body = "x".repeat(3_000);
        for (int i = 0; i < 3 * ProcessorBed.SEGMENT_BYTES / 3_000; i++) {
            bed.put(TOPIC, 0, body, Map.of("TAGS", "A"));
        }
        bed.clock.advanceMs(TimeUnit.HOURS.toMillis(73)); // past the store's default 72 h retention
        assertThat(bed.realStore.deleteExpiredSegmentsNow()).isPositive();
        long oldest = bed.realStore.minOffsetInQueue(TOPIC, 0);
        assertThat(oldest).isPositive();

        RemotingCommand response = answer(pull(0, 0, 0));
        assertCode(response, ResponseCode.PULL_OFFSET_MOVED);
        assertThat(header(response).nextBeginOffset()).isEqualTo(oldest);
        assertThat(header(response).minOffset()).isEqualTo(oldest);
    }

    @Test
    void anEmptyQueueMovesAnyOffsetButZeroToZero() throws Exception {
        open();
        subscribeAll();
        RemotingCommand moved = answer(pull(1, 5, 0));
        assertCode(moved, ResponseCode.PULL_OFFSET_MOVED);
        assertThat(header(moved).nextBeginOffset()).isZero();
        RemotingCommand notFound = answer(pull(1, 0, 0));
        assertCode(notFound, ResponseCode.PULL_NOT_FOUND);
        assertThat(header(notFound).nextBeginOffset()).isZero();
    }

    @Test
    void aPendingAdminResetAnswersMovedBeforeReading() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A", "B", "C");
        bed.offsets.reset(GROUP, TOPIC, 0, 1);

        RemotingCommand response = answer(pull(0, 3, 0));
        assertCode(response, ResponseCode.PULL_OFFSET_MOVED);
        assertThat(header(response).nextBeginOffset()).isEqualTo(1);
        assertThat(bodies(answer(pull(0, 1, 0)))).as("the reset is taken once").hasSize(2);
    }

    @Test
    void theCommitOffsetIsStoredOnAMaster() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A", "B");
        RemotingCommand request = RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP,
                        TOPIC,
                        0,
                        2,
                        32,
                        PullMessageRequestHeader.FLAG_COMMIT_OFFSET,
                        2,
                        HOLD_MS,
                        null,
                        0,
                        null,
                        null,
                        null));
        answer(request);
        assertThat(bed.offsets.query(GROUP, TOPIC, 0)).isEqualTo(2);
    }

    // ---- filters -----------------------------------------------------------------------------

    @Test
    void aTagSubscriptionSkipsOtherTags() throws Exception {
        open();
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "B"));
        putTagged(0, "A", "B", "A", "B");
        RemotingCommand response = answer(pull(0, 0, 0));
        assertCode(response, ResponseCode.SUCCESS);
        assertThat(bodies(response)).containsExactly("body-B", "body-B");
    }

    @Test
    void allRecordsFilteredOutIsRetryImmediatelyPastTheScannedRange() throws Exception {
        open();
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "C"));
        putTagged(0, "A", "B", "A");
        RemotingCommand response = answer(pull(0, 0, 0));
        assertCode(response, ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(header(response).nextBeginOffset()).isEqualTo(3);
    }

    @Test
    void aPullsOwnTagExpressionWinsOverTheHeartbeat() throws Exception {
        open();
        putTagged(0, "A", "B");
        RemotingCommand response = answer(pullWith(0, null, "A || X"));
        assertThat(bodies(response)).containsExactly("body-A");
    }

    @Test
    void aSql92ExpressionFiltersOnProperties() throws Exception {
        open("enablePropertyFilter", "true");
        for (int a = 1; a <= 4; a++) {
            bed.put(TOPIC, 0, "m" + a, Map.of("a", Integer.toString(a)));
        }
        RemotingCommand own = answer(pullWith(0, SubscriptionData.TYPE_SQL92, "a > 2"));
        assertThat(bodies(own)).containsExactly("m3", "m4");

        bed.heartbeat(GROUP, ProcessorBed.sqlSubscription(TOPIC, 1, "a = 1 OR a = 4"));
        assertThat(bodies(answer(pull(0, 0, 0)))).containsExactly("m1", "m4");
    }

    @Test
    void sql92IsRefusedWhenPropertyFiltersAreOff() throws Exception {
        open("enablePropertyFilter", "false");
        putTagged(0, "A");
        assertCode(answer(pullWith(0, SubscriptionData.TYPE_SQL92, "a > 2")), ResponseCode.SYSTEM_ERROR);
    }

    // ---- subscription errors -----------------------------------------------------------------

    @Test
    void anExpressionThatDoesNotParseIs23() throws Exception {
        open("enablePropertyFilter", "true");
        assertCode(answer(pullWith(0, SubscriptionData.TYPE_SQL92, "a >")), ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertCode(answer(pullWith(0, null, " || ")), ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertCode(answer(pullWith(0, "XPATH", "a")), ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    }

    @Test
    void noHeartbeatSubscriptionIs24() throws Exception {
        open();
        RemotingCommand response = answer(pull(0, 0, 0));
        assertCode(response, ResponseCode.SUBSCRIPTION_NOT_EXIST);
        assertThat(response.remark()).contains(GROUP);
    }

    @Test
    void aNewerSql92PullOverAnOlderTagHeartbeatIs25() throws Exception {
        open("enablePropertyFilter", "true");
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "*"));
        assertCode(answer(pull(0, 0, 0, null, SubscriptionData.TYPE_SQL92, 2)), ResponseCode.SUBSCRIPTION_NOT_LATEST);
    }

    @Test
    void aNewerTagPullOverAnOlderHeartbeatIsServedUnfiltered() throws Exception {
        open();
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "B"));
        putTagged(0, "A", "B");
        assertThat(bodies(answer(pull(0, 0, 0, null, null, 2)))).containsExactly("body-A", "body-B");
    }

    // ---- checks before reading ---------------------------------------------------------------

    @Test
    void aBrokerThatAllowsNoPullsRefuses() throws Exception {
        open();
        subscribeAll();
        bed.set("brokerPermission", TopicConfig.PERM_WRITE);
        assertCode(answer(pull(0, 0, 0)), ResponseCode.NO_PERMISSION);
    }

    @Test
    void anUnknownGroupIs26WhenGroupsAreNotCreated() throws Exception {
        open("autoCreateSubscriptionGroup", "false");
        RemotingCommand request = pull(0, 0, 0);
        request.putExtField("consumerGroup", "Stranger");
        RecordingContext inline = RecordingContext.local();
        assertThat(processor.processInline(inline, request))
                .as("an unknown group takes the executor")
                .isFalse();
        assertThat(inline.answered()).isFalse();
        assertCode(answer(request), ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
    }

    @Test
    void aGroupThatMayNotConsumeRefuses() throws Exception {
        open();
        subscribeAll();
        SubscriptionGroupConfig d = SubscriptionGroupConfig.defaults(GROUP);
        bed.groups.createOrUpdate(new SubscriptionGroupConfig(
                GROUP,
                false,
                d.consumeFromMinEnable(),
                d.consumeBroadcastEnable(),
                d.consumeMessageOrderly(),
                d.retryQueueNums(),
                d.retryMaxTimes(),
                d.brokerId(),
                d.whichBrokerWhenConsumeSlowly(),
                d.notifyConsumerIdsChangedEnable(),
                d.groupSysFlag(),
                d.consumeTimeoutMinute(),
                d.groupRetryPolicy(),
                d.subscriptionDataSet(),
                d.attributes()));
        assertCode(answer(pull(0, 0, 0)), ResponseCode.NO_PERMISSION);
    }

    @Test
    void topicAndQueueChecks() throws Exception {
        open();
        subscribeAll();
        RemotingCommand unknown = pull(0, 0, 0);
        unknown.putExtField("topic", "NoSuchTopic");
        assertCode(answer(unknown), ResponseCode.TOPIC_NOT_EXIST);

        bed.topics.createOrUpdate(TopicConfig.of(TOPIC, 2, 2, TopicConfig.PERM_WRITE));
        assertCode(answer(pull(0, 0, 0)), ResponseCode.NO_PERMISSION);

        bed.topic(TOPIC, 2, RW);
        assertCode(answer(pull(2, 0, 0)), ResponseCode.INVALID_PARAMETER);
        assertCode(answer(pull(-1, 0, 0)), ResponseCode.INVALID_PARAMETER);
    }

    // ---- suggested broker and slaves ---------------------------------------------------------

    @Test
    void everyAnswerCarriesTheRoutesSuggestion() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A");
        suggestedId = 1;
        RemotingCommand response = answer(pull(0, 0, 0));
        assertCode(response, ResponseCode.SUCCESS);
        assertThat(header(response).suggestWhichBrokerId()).isEqualTo(1);
        records(response);
    }

    @Test
    void aSlaveSendsAnEmptyPullStraightBackToTheMaster() throws Exception {
        open("brokerRole", "SLAVE", "brokerId", "1");
        subscribeAll();
        RemotingCommand response =
                answer(pull(0, 0, PullMessageRequestHeader.FLAG_SUSPEND | PullMessageRequestHeader.FLAG_COMMIT_OFFSET));
        assertCode(response, ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(header(response).suggestWhichBrokerId()).isEqualTo(PullRoute.MASTER_ID);
        assertThat(processor.longPolling().parkedCount())
                .as("never held on a slave")
                .isZero();
        assertThat(bed.offsets.query(GROUP, TOPIC, 0))
                .as("a slave commits no offsets")
                .isNegative();
    }

    // ---- long polling ------------------------------------------------------------------------

    private RecordingContext hold(int queueId, long offset) {
        RecordingContext ctx = RecordingContext.local();
        processor.process(ctx, pull(queueId, offset, PullMessageRequestHeader.FLAG_SUSPEND));
        assertThat(ctx.answered()).as("an empty pull that may wait is held").isFalse();
        return ctx;
    }

    @Test
    void aHeldPullIsWokenByAnArrivalAndAnswersWithIt() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A");
        RecordingContext held = hold(0, 1);
        assertThat(processor.longPolling().parkedCount()).isEqualTo(1);

        putTagged(0, "B");
        executor.runNext(WAIT_MS);

        RemotingCommand response = held.single();
        assertCode(response, ResponseCode.SUCCESS);
        assertThat(bodies(response)).containsExactly("body-B");
        assertThat(header(response).nextBeginOffset()).isEqualTo(2);
        assertThat(processor.longPolling().parkedCount()).isZero();
    }

    @Test
    void anArrivalOfAnotherTagOrQueueLeavesThePullHeld() throws Exception {
        open();
        bed.heartbeat(GROUP, ProcessorBed.tagSubscription(TOPIC, 1, "B"));
        RecordingContext held = hold(0, 0);

        putTagged(0, "A");
        putTagged(1, "B");

        assertThat(executor.pending())
                .as("the arrivals were dispatched and woke nothing")
                .isZero();
        assertThat(processor.longPolling().parkedCount()).isEqualTo(1);
        putTagged(0, "B");
        executor.runNext(WAIT_MS);
        assertThat(bodies(held.single())).containsExactly("body-B");
    }

    @Test
    void aHeldPullExpiresAtItsHoldTimeOnTheManualClock() throws Exception {
        open();
        subscribeAll();
        RecordingContext held = hold(0, 0);

        scheduler.advanceMs(HOLD_MS - LongPollingService.TICK_MS);
        assertThat(executor.pending()).isZero();
        scheduler.advanceMs(LongPollingService.TICK_MS);
        assertThat(executor.runAll()).isEqualTo(1);

        RemotingCommand response = held.single();
        assertCode(response, ResponseCode.PULL_NOT_FOUND);
        assertThat(header(response).nextBeginOffset()).isZero();
        assertThat(processor.longPolling().parkedCount()).as("never held twice").isZero();
    }

    @Test
    void theHoldIsCappedAtTheMaximum() throws Exception {
        open();
        subscribeAll();
        RemotingCommand request = pull(0, 0, PullMessageRequestHeader.FLAG_SUSPEND);
        request.putExtField("suspendTimeoutMillis", Long.toString(10 * PullMessageProcessor.HOLD_MAX_MS));
        RecordingContext held = RecordingContext.local();
        processor.process(held, request);

        scheduler.advanceMs(PullMessageProcessor.HOLD_MAX_MS);
        assertThat(executor.runAll()).isEqualTo(1);
        assertCode(held.single(), ResponseCode.PULL_NOT_FOUND);
    }

    @Test
    void withLongPollingOffAPullWaitsTheShortTimeAndIgnoresArrivals() throws Exception {
        open("longPollingEnable", "false", "shortPollingTimeMills", "1000");
        subscribeAll();
        RecordingContext held = hold(0, 0);

        putTagged(0, "A");
        assertThat(executor.pending()).isZero();
        scheduler.advanceMs(1_000);
        executor.runNext(WAIT_MS);

        assertThat(bodies(held.single()))
                .as("the second pass reads what came meanwhile")
                .containsExactly("body-A");
    }

    @Test
    void aWakeThePullExecutorRefusesIsAnsweredSystemBusy() throws Exception {
        open();
        subscribeAll();
        RecordingContext held = hold(0, 0);
        executor.refuse();

        scheduler.advanceMs(HOLD_MS);

        assertCode(held.single(), ResponseCode.SYSTEM_BUSY);
        assertThat(processor.rejectedWakeCount()).isEqualTo(1);
    }

    @Test
    void aKnownGroupIsPulledInlineWhenPullInlineIsOn() throws Exception {
        open();
        subscribeAll();
        putTagged(0, "A");
        RecordingContext ctx = RecordingContext.local();
        assertThat(processor.processInline(ctx, pull(0, 0, 0))).isTrue();
        assertThat(bodies(ctx.single())).containsExactly("body-A");
    }
}
