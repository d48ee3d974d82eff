package dev.skiff.broker.retry;

import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.schedule.DelayRewriter;
import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.RandomSource;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import dev.skiff.store.MessageStore;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.nio.ByteBuffer;

/**
 * Serves {@code CONSUMER_SEND_MSG_BACK} (36): a consumer could not consume the message at commit-log
 * {@code offset}. The broker reads that record and stores a copy for the group:
 *
 * <ul>
 *   <li>to {@code %DLQ%<group>} (one queue, created on demand) when the record's reconsume count
 *       has reached the limit (the request's {@code maxReconsumeTimes}, else the group's
 *       {@code retryMaxTimes}) or {@code delayLevel} is negative;
 *   <li>otherwise to {@code %RETRY%<group>} (the group's {@code retryQueueNums} queues) through the
 *       delay path, at {@code delayLevel}, or at level 3 + reconsume count when it is 0 (10 s, 30 s,
 *       1 m, ... with the default levels).
 * </ul>
 *
 * The copy keeps body, flag, sysFlag, born host and time and properties, adds {@code RETRY_TOPIC}
 * (the original topic) and {@code ORIGIN_MESSAGE_ID} (the first delivery's message id) if absent,
 * and counts one more reconsume. The answer (0, or 1 with the store status) goes out when the store
 * has the copy.
 *
 * <p>Refusals: broker not writable (its permission, which can change at run time, read per
 * request) → 16; bad group name or negative offset → 29; unknown group
 * with auto-creation off → 26; no record at the offset → 1. A group with {@code retryQueueNums}
 * 0 does not retry: the request succeeds and nothing is stored.
 */
public final class SendBackProcessor implements RequestProcessor {
    private final LiveBrokerConfig live;
    private final String brokerName;
    private final SubscriptionGroupTable groups;
    private final RetryTopics retryTopics;
    private final MessageStore store;
    private final MessageAppender appender;
    private final DelayRewriter delay;
    private final RandomSource random;

    public SendBackProcessor(
            LiveBrokerConfig live,
            SubscriptionGroupTable groups,
            RetryTopics retryTopics,
            MessageStore store,
            MessageAppender appender,
            DelayRewriter delay) {
        this(live, groups, retryTopics, store, appender, delay, RandomSource.THREAD_LOCAL);
    }

    /** As above, with the source of the retry or dead-letter queue a copy goes to. */
    public SendBackProcessor(
            LiveBrokerConfig live,
            SubscriptionGroupTable groups,
            RetryTopics retryTopics,
            MessageStore store,
            MessageAppender appender,
            DelayRewriter delay,
            RandomSource random) {
        this.random = random;
        this.live = live;
        this.brokerName = live.get().brokerName();
        this.groups = groups;
        this.retryTopics = retryTopics;
        this.store = store;
        this.appender = appender;
        this.delay = delay;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        ConsumerSendMsgBackRequestHeader header = ConsumerSendMsgBackRequestHeader.decode(request.fields());
        if ((live.get().brokerPermission() & TopicConfig.PERM_WRITE) == 0) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "broker " + brokerName + " does not accept writes now"));
            return;
        }
        String nameProblem = SystemTopics.checkGroupName(header.group());
        if (nameProblem != null || header.offset() < 0) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    nameProblem != null ? nameProblem : "the commit-log offset " + header.offset() + " is negative"));
            return;
        }
        SubscriptionGroupConfig group = groups.findOrCreate(header.group());
        if (group == null) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "consumer group " + header.group() + " does not exist on broker " + brokerName));
            return;
        }
        if (group.retryQueueNums() <= 0) {
            ctx.respond(RemotingCommand.response(ResponseCode.SUCCESS, null));
            return;
        }
        TopicConfig retryTopic = retryTopics.retryTopic(group);
        if ((retryTopic.perm() & TopicConfig.PERM_WRITE) == 0) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "topic " + retryTopic.topicName() + " is not writable"));
            return;
        }
        StoredMessage original = readOriginal(header.offset());
        if (original == null) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "no message at commit-log offset " + header.offset()));
            return;
        }
        MessageToStore copy = retryCopy(header, group, retryTopic, original);
        appender.appendAsIs(copy).whenComplete((result, error) -> respond(ctx, result, error));
    }

    private StoredMessage readOriginal(long offset) {
        try (RecordLease lease = store.lookMessageByOffset(offset)) {
            if (lease.count() == 0) {
                return null;
            }
            SelectedRecord record = lease.records().get(0);
            ByteBuffer buffer = record.buffer();
            return StoredRecordDecoder.decode(buffer, buffer.position());
        } catch (RecordFormatException e) {
            return null;
        }
    }

    /** The copy to store: dead letter, or retry through the delay path. */
    private MessageToStore retryCopy(
            ConsumerSendMsgBackRequestHeader header,
            SubscriptionGroupConfig group,
            TopicConfig retryTopic,
            StoredMessage original) {
        String props = original.properties();
        if (MessageProperties.get(props, PropertyEdits.RETRY_TOPIC) == null) {
            props = PropertyEdits.with(props, PropertyEdits.RETRY_TOPIC, original.topic());
        }
        String originId = MessageProperties.get(props, PropertyEdits.ORIGIN_MESSAGE_ID);
        if (originId == null || originId.isBlank()) {
            props = PropertyEdits.with(props, PropertyEdits.ORIGIN_MESSAGE_ID, original.offsetMsgId());
        }
        props = PropertyEdits.with(props, MessageProperties.WAIT, "false");
        Integer requestedMax = header.maxReconsumeTimes();
        int maxReconsumeTimes = requestedMax != null && requestedMax >= 0 ? requestedMax : group.retryMaxTimes();
        boolean dead = original.reconsumeTimes() >= maxReconsumeTimes || header.delayLevel() < 0;
        String topic;
        int queueId;
        if (dead) {
            topic = retryTopics.dlqTopic(group.groupName()).topicName();
            queueId = random.nextInt(RetryTopics.DLQ_QUEUES);
            props = PropertyEdits.without(props, PropertyEdits.DELAY);
        } else {
            topic = retryTopic.topicName();
            queueId = random.nextInt(Math.max(1, retryTopic.writeQueueNums()));
            int level = header.delayLevel() > 0 ? header.delayLevel() : 3 + original.reconsumeTimes();
            props = PropertyEdits.with(props, PropertyEdits.DELAY, Integer.toString(level));
        }
        MessageToStore copy = new MessageToStore(
                topic,
                queueId,
                original.flag(),
                original.body(),
                props,
                original.sysFlag(),
                original.bornTimestampMs(),
                original.bornHost(),
                original.reconsumeTimes() + 1,
                0);
        return dead ? copy : delay.rewrite(copy);
    }

    private static void respond(RequestContext ctx, PutResult result, Throwable error) {
        if (error != null) {
            ctx.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the store failed: " + error));
        } else if (!result.isStored()) {
            ctx.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, result.status().name()));
        } else {
            ctx.respond(RemotingCommand.response(ResponseCode.SUCCESS, null));
        }
    }
}
