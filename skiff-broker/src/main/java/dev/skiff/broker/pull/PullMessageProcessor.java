package dev.skiff.broker.pull;

import dev.skiff.broker.client.ConsumerRegistry;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.filter.CheckClientConfigProcessor;
import dev.skiff.broker.filter.SqlFilterCache;
import dev.skiff.broker.filter.SqlSyntaxException;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.HeaderException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.PullMessageRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import dev.skiff.store.GetResult;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import dev.skiff.store.SelectedRecord;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves {@code PULL_MESSAGE} (11) and {@code LITE_PULL_MESSAGE} (361), protocol sheet §8.3.
 *
 * <p>Checks, in the official order: broker readable (16), group known or auto-created (26) and
 * enabled (16), topic exists (17) and readable (16), queue id within the read queues (29), then
 * the subscription: the request's own tag expression when the SUBSCRIPTION flag is set (23 when
 * it names no tag), otherwise the one the group's heartbeat registered (24 when none; when it is
 * older than the request's {@code subVersion}, the pull's own expression or no filter: see {@code
 * latestOf}). A SQL92 subscription (the pull's own, or the registered one) is compiled through the
 * {@link SqlFilterCache}: 23 when it does not compile, 1 when {@code enablePropertyFilter} is off;
 * its filter reads each record's properties in place, and records it rejects are skipped like
 * tag-filtered ones. Retry topics are pulled with the group's subscription to the retry topic,
 * which the official client makes {@code *}: retry messages are not SQL-filtered, as on the
 * official broker. A pending admin offset reset for the queue answers 21 with the reset offset
 * before anything is read.
 *
 * <p>Outcome by store status (next offset in brackets): found → 0 with the records; offset equal
 * to max → 19 [offset]; beyond max → 21 [max]; below min → 21 [min]; empty or unknown queue → 21
 * [0] unless the offset is 0, then 19; all filtered out → 20 [after the scanned range]; record
 * unreadable → 19 [next file]. A first-pass 19 with the SUSPEND flag is parked in the
 * {@link LongPollingService} (hold = the request's {@code suspendTimeoutMillis}, at most {@link
 * #HOLD_MAX_MS}; {@code shortPollingTimeMills} when long polling is off) and run once more on
 * arrival or expiry, never parking again. COMMIT_OFFSET stores {@code commitOffset} on the first
 * pass only (on a master: a slave keeps the offsets its master copies to it).
 *
 * <p>Every answer carries {@code suggestWhichBrokerId} from the {@link PullRoute}. On a slave, an
 * answer without records that suggests the master becomes 20 (PULL_RETRY_IMMEDIATELY), never
 * parked, so the consumer goes straight back to the master, as the official slave answers.
 *
 * <p>The broker's permission, {@code longPollingEnable} and {@code shortPollingTimeMills} can
 * change while the broker runs: each pass of a request reads the {@link LiveBrokerConfig} once.
 * A pull already held keeps the hold it was given.
 *
 * <p>Records travel zero-copy: the response body is a {@link LeasedRecordsBuf} over the store's
 * mapped views, released by the transport after the write.
 */
public final class PullMessageProcessor implements RequestProcessor {
    /** Most messages one pull returns. */
    public static final int MSG_NUMS_MAX = 1024;
    /** Longest hold of an empty pull. */
    public static final long HOLD_MAX_MS = 60_000;
    /** Most pulls held at once. */
    public static final int PARKED_MAX = 100_000;

    private final LiveBrokerConfig live;
    private final String brokerName;
    private final boolean pullInline;
    private final boolean master;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final Executor executor;
    private final LongPollingService longPolling;
    private final int bytesMax;
    private final DeliveryCounter delivered;
    private final SqlFilterCache sqlFilters;
    private final PullRoute route;
    private final AtomicLong rejectedWakes = new AtomicLong();

    public PullMessageProcessor(
            LiveBrokerConfig live,
            TopicConfigTable topics,
            SubscriptionGroupTable groups,
            ConsumerRegistry consumers,
            ConsumerOffsetTable offsets,
            MessageStore store,
            Executor executor,
            DeliveryCounter delivered,
            SqlFilterCache sqlFilters,
            PullRoute route,
            SkiffClock clock) {
        BrokerConfig config = live.get();
        this.delivered = delivered;
        this.sqlFilters = sqlFilters;
        this.route = route;
        this.live = live;
        this.brokerName = config.brokerName();
        this.pullInline = config.pullInline();
        this.master = config.isMaster();
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.executor = executor;
        this.longPolling = new LongPollingService(clock, PARKED_MAX, this::wake);
        this.bytesMax = Math.max(64 * 1024, config.frameMaxBytes() / 4);
    }

    /**
     * Told once per pull response that hands out messages (never per message): the topic and
     * group, how many messages and their bytes as stored. Runs on the pulling thread, often a
     * Netty I/O thread, on the broker's hottest path: it must not block and should not allocate.
     */
    @FunctionalInterface
    public interface DeliveryCounter {
        void count(String topic, String group, int messages, long bytes);
    }

    /** The service holding empty pulls; the broker feeds it arrivals and closes it. */
    public LongPollingService longPolling() {
        return longPolling;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        serve(ctx, request, true);
    }

    /**
     * Pulls of a group that exists are served on the I/O thread when {@code pullInline} is on:
     * the checks and the consume-queue scan are in memory, and the records go out as views of the
     * mapped segments that this same thread copies into the socket anyway. A group that may need
     * creating (a file write) takes the executor; so do held pulls when they wake.
     */
    @Override
    public boolean processInline(RequestContext ctx, RemotingCommand request) {
        if (!pullInline) {
            return false;
        }
        String group = request.fields().raw("consumerGroup");
        if (group == null || groups.get(group) == null) {
            return false;
        }
        serve(ctx, request, true);
        return true;
    }

    private void serve(RequestContext ctx, RemotingCommand request, boolean firstPass) {
        PullMessageRequestHeader h = PullMessageRequestHeader.decode(request.fields());
        BrokerConfig config = live.get();
        Checked checked = check(config, h);
        if (checked.error != null) {
            ctx.respond(checked.error);
            return;
        }
        OptionalLong reset = offsets.takePendingReset(h.consumerGroup(), h.topic(), h.queueId());
        if (reset.isPresent()) {
            ctx.respond(pullResponse(
                    ResponseCode.PULL_OFFSET_MOVED.code(),
                    "the group's offset was reset",
                    reset.getAsLong(),
                    store.minOffsetInQueue(h.topic(), h.queueId()),
                    store.maxOffsetInQueue(h.topic(), h.queueId())));
            return;
        }
        int maxNums = Math.clamp(h.maxMsgNums(), 1, MSG_NUMS_MAX);
        int maxBytes = h.maxMsgBytes() == null ? bytesMax : Math.clamp(h.maxMsgBytes(), 1, bytesMax);
        GetResult result =
                store.getMessages(h.topic(), h.queueId(), h.queueOffset(), maxNums, maxBytes, checked.filter);
        boolean handedOff = false;
        try {
            if (firstPass && h.hasFlag(PullMessageRequestHeader.FLAG_COMMIT_OFFSET) && master) {
                offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
            }
            int code = codeOf(result, h.queueOffset());
            long suggested = suggest(h.consumerGroup(), result);
            if (!master && suggested == PullRoute.MASTER_ID && code != ResponseCode.SUCCESS.code()) {
                code = ResponseCode.PULL_RETRY_IMMEDIATELY.code();
            }
            if (code == ResponseCode.SUCCESS.code()) {
                RemotingCommand response = pullResponse(
                        code, null, suggested, result.nextBeginOffset(), result.minOffset(), result.maxOffset());
                response.bodyBuf(LeasedRecordsBuf.wrap(result.joinedViews(), result));
                handedOff = true;
                delivered.count(h.topic(), h.consumerGroup(), result.records().size(), result.totalBytes());
                ctx.respond(response);
            } else if (code == ResponseCode.PULL_NOT_FOUND.code()
                    && firstPass
                    && h.hasFlag(PullMessageRequestHeader.FLAG_SUSPEND)) {
                park(config, ctx, request, h, checked.filter, result);
            } else {
                ctx.respond(pullResponse(
                        code, null, suggested, result.nextBeginOffset(), result.minOffset(), result.maxOffset()));
            }
        } finally {
            if (!handedOff) {
                result.close();
            }
        }
    }

    /** The broker the consumer should pull this queue from next; see {@link PullRoute}. */
    private long suggest(String groupName, GetResult result) {
        SubscriptionGroupConfig group = groups.get(groupName);
        if (group == null) {
            return PullRoute.MASTER_ID;
        }
        List<SelectedRecord> records = result.records();
        long lastRead = records.isEmpty() ? -1 : records.get(records.size() - 1).physicalOffset();
        return route.suggest(group, lastRead);
    }

    private void park(
            BrokerConfig config,
            RequestContext ctx,
            RemotingCommand request,
            PullMessageRequestHeader h,
            MessageFilter filter,
            GetResult empty) {
        boolean longPoll = config.longPollingEnable();
        long holdMs = longPoll ? Math.clamp(h.suspendTimeoutMillis(), 0, HOLD_MAX_MS) : config.shortPollingTimeMills();
        ParkedPull pull =
                new ParkedPull(ctx, request, h.topic(), h.queueId(), h.queueOffset(), filter, holdMs, longPoll);
        ctx.markLongPolling();
        if (!longPolling.park(pull)) {
            ctx.respond(pullResponse(
                    ResponseCode.PULL_NOT_FOUND.code(),
                    null,
                    empty.nextBeginOffset(),
                    empty.minOffset(),
                    empty.maxOffset()));
            return;
        }
        // A message dispatched between the read and the park would not wake it: look once more.
        if (longPoll && store.maxOffsetInQueue(h.topic(), h.queueId()) > h.queueOffset()) {
            longPolling.wakeNow(pull);
        }
    }

    /** Runs a held pull again on the pull executor; called by the long-polling service. */
    private void wake(ParkedPull pull) {
        try {
            executor.execute(() -> serveAgain(pull));
        } catch (RejectedExecutionException e) {
            rejectedWakes.incrementAndGet();
            pull.ctx()
                    .respond(RemotingCommand.response(
                            ResponseCode.SYSTEM_BUSY, "[OVERLOAD]system busy, start flow control for a while"));
        }
    }

    private void serveAgain(ParkedPull pull) {
        try {
            serve(pull.ctx(), pull.request(), false);
        } catch (HeaderException e) {
            pull.ctx().respond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage()));
        } catch (RuntimeException e) {
            pull.ctx().respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "pull failed: " + e));
        }
    }

    private static int codeOf(GetResult result, long requestedOffset) {
        return switch (result.status()) {
            case FOUND -> ResponseCode.SUCCESS.code();
            case NO_MATCHED_MESSAGE -> ResponseCode.PULL_RETRY_IMMEDIATELY.code();
            case OFFSET_OVERFLOW_ONE, OFFSET_FOUND_NULL -> ResponseCode.PULL_NOT_FOUND.code();
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED.code();
            case NO_MESSAGE_IN_QUEUE ->
                requestedOffset != 0 ? ResponseCode.PULL_OFFSET_MOVED.code() : ResponseCode.PULL_NOT_FOUND.code();
        };
    }

    private static RemotingCommand pullResponse(int code, String remark, long next, long min, long max) {
        return pullResponse(code, remark, PullRoute.MASTER_ID, next, min, max);
    }

    private static RemotingCommand pullResponse(
            int code, String remark, long suggested, long next, long min, long max) {
        RemotingCommand response = RemotingCommand.response(code, remark);
        new PullMessageResponseHeader(suggested, next, min, max).writeTo(response.ensureExtFields());
        return response;
    }

    /** The outcome of the checks: an error response, or the filter to read with. */
    private record Checked(RemotingCommand error, MessageFilter filter) {
        static Checked refuse(ResponseCode code, String remark) {
            return new Checked(RemotingCommand.response(code, remark), null);
        }
    }

    private Checked check(BrokerConfig config, PullMessageRequestHeader h) {
        if ((config.brokerPermission() & TopicConfig.PERM_READ) == 0) {
            return Checked.refuse(ResponseCode.NO_PERMISSION, "broker " + brokerName + " does not allow pulls now");
        }
        String groupProblem = SystemTopics.checkGroupName(h.consumerGroup());
        if (groupProblem != null) {
            return Checked.refuse(ResponseCode.INVALID_PARAMETER, groupProblem);
        }
        SubscriptionGroupConfig group = findGroup(h.consumerGroup());
        if (group == null) {
            return Checked.refuse(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "consumer group " + h.consumerGroup() + " does not exist");
        }
        if (!group.consumeEnable()) {
            return Checked.refuse(
                    ResponseCode.NO_PERMISSION, "consumer group " + h.consumerGroup() + " may not consume");
        }
        TopicConfig topic = topics.get(h.topic());
        if (topic == null) {
            return Checked.refuse(
                    ResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic() + " does not exist on this broker");
        }
        if ((topic.perm() & TopicConfig.PERM_READ) == 0) {
            return Checked.refuse(ResponseCode.NO_PERMISSION, "topic " + h.topic() + " is not readable");
        }
        if (h.queueId() < 0 || h.queueId() >= topic.readQueueNums()) {
            return Checked.refuse(
                    ResponseCode.INVALID_PARAMETER,
                    "queueId " + h.queueId() + " is illegal, topic " + h.topic() + " has " + topic.readQueueNums()
                            + " read queues");
        }
        return checkSubscription(config, h, group);
    }

    private SubscriptionGroupConfig findGroup(String name) {
        try {
            return groups.findOrCreate(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Checked checkSubscription(BrokerConfig config, PullMessageRequestHeader h, SubscriptionGroupConfig group) {
        if (h.hasFlag(PullMessageRequestHeader.FLAG_SUBSCRIPTION)) {
            return filterOf(config, h.topic(), h.expressionType(), h.subscription());
        }
        SubscriptionData subscription = consumers.subscription(h.consumerGroup(), h.topic());
        if (subscription == null) {
            return Checked.refuse(
                    ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    "consumer group " + h.consumerGroup() + " has no heart-beat subscription to " + h.topic());
        }
        if (!group.consumeBroadcastEnable() && consumers.isBroadcasting(h.consumerGroup())) {
            return Checked.refuse(
                    ResponseCode.NO_PERMISSION, "consumer group " + h.consumerGroup() + " may not broadcast");
        }
        if (subscription.subVersion() < h.subVersion()) {
            return latestOf(config, h, subscription);
        }
        if (subscription.isTagType()) {
            return new Checked(null, TagFilter.of(subscription));
        }
        return filterOf(config, h.topic(), subscription.expressionType(), subscription.subString());
    }

    /** The filter for an expression of the given type ({@code null} = TAG). */
    private Checked filterOf(BrokerConfig config, String topic, String type, String expression) {
        if (type == null || SubscriptionData.TYPE_TAG.equalsIgnoreCase(type)) {
            try {
                return new Checked(null, TagFilter.of(TagFilter.parse(topic, expression)));
            } catch (IllegalArgumentException e) {
                return Checked.refuse(ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage());
            }
        }
        if (!config.enablePropertyFilter()) {
            return Checked.refuse(ResponseCode.SYSTEM_ERROR, CheckClientConfigProcessor.disabledRemark(type));
        }
        if (!SubscriptionData.TYPE_SQL92.equalsIgnoreCase(type)) {
            return Checked.refuse(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "unknown expression type " + type);
        }
        try {
            return new Checked(null, sqlFilters.get(expression));
        } catch (SqlSyntaxException e) {
            return Checked.refuse(
                    ResponseCode.SUBSCRIPTION_PARSE_FAILED, "invalid SQL92 expression: " + e.getMessage());
        }
    }

    /**
     * The filter for a pull newer than the group's registered subscription. The official client
     * raises its subscription version at every rebalance and tells the broker in a heartbeat that
     * it skips when another heartbeat holds its lock (its periodic heartbeat fires 1 s after start,
     * when the first rebalance runs too); the next one comes 30 s later. Answering
     * SUBSCRIPTION_NOT_LATEST meanwhile, as the reference broker does, stalled a new consumer for
     * those 30 s. Skiff serves the pull instead, with the expression the pull carries when it
     * carries one. Otherwise a TAG pull gets no filter at all, which loses nothing because the
     * client checks each record's tag against its own current subscription before delivering it;
     * but the client does not check SQL92 results again, so a SQL92 pull takes the registered
     * expression when that is SQL92 too (a rebalance raises the version without changing the
     * expression) and is answered 25 only when the registered subscription is of another type.
     */
    private Checked latestOf(BrokerConfig config, PullMessageRequestHeader h, SubscriptionData registered) {
        String type = h.expressionType();
        if (h.subscription() != null) {
            return filterOf(config, h.topic(), type, h.subscription());
        }
        if (type == null || SubscriptionData.TYPE_TAG.equalsIgnoreCase(type)) {
            return new Checked(null, TagFilter.ALL);
        }
        if (type.equalsIgnoreCase(registered.expressionType())) {
            return filterOf(config, h.topic(), type, registered.subString());
        }
        return Checked.refuse(
                ResponseCode.SUBSCRIPTION_NOT_LATEST,
                "consumer group " + h.consumerGroup() + " pulls " + h.topic() + " by " + type
                        + " but its last heartbeat subscribed by " + registered.expressionType());
    }

    /** Woken pulls answered SYSTEM_BUSY because the pull executor was full. */
    public long rejectedWakeCount() {
        return rejectedWakes.get();
    }
}
