package dev.skiff.broker.send;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.config.LiveBrokerConfig;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.RandomSource;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.remoting.protocol.body.TopicFilterType;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import dev.skiff.remoting.protocol.header.SendMessageResponseHeader;
import dev.skiff.store.MessageToStore;
import dev.skiff.store.PutResult;
import dev.skiff.store.PutStatus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves {@code SEND_MESSAGE} (10), {@code SEND_MESSAGE_V2} (310), {@code SEND_BATCH_MESSAGE}
 * (320) and the reply variants (324, 325): validates, completes the properties the broker adds
 * ({@code CLUSTER}, a missing {@code UNIQ_KEY}), appends through the {@link MessageAppender} and
 * answers when the store's future completes (after the group commit under sync flush).
 *
 * <p>Validation order and codes, as the official client expects them: broker not writable →
 * 16; bad topic name → 29; system topic a producer may not use → 16; unknown topic without
 * auto-creation → 17; topic not writable → 16; queue id beyond the topic's queues → 29; body over
 * {@code maxMessageSize} or properties over 32,767 bytes → 13; malformed batch → 13; a
 * {@code sysFlag} with bits a producer may not set, or a body marked compressed that does not
 * inflate within 16 × {@code maxMessageSize} → 13 ({@link SendSysFlag}); a {@code TRAN_MSG=true}
 * property without the prepared flag, or a transactional half message as a batch → 13. A single
 * half message is parked in the half topic by the appender's rewriters (package {@code
 * dev.skiff.broker.transaction}); its answer carries the half-topic queue offset and the
 * transaction id. A message a {@link MessageRewriter} refuses (a timer message over the
 * longest delay → 13) → the code of its {@link RewriteRefusedException}.
 *
 * <p>The broker's permission, {@code maxMessageSize} and {@code autoCreateTopicEnable} can change
 * while the broker runs: each request reads the {@link LiveBrokerConfig} once and is checked against
 * that one config.
 */
public final class SendMessageProcessor implements RequestProcessor {
    /** A write or force of the commit log failed: the store stopped writing until a restart. */
    static final String STORE_FAILED_REMARK = "[STORE_FAILED]the broker's commit log failed to write or sync to"
            + " disk: the message is not confirmed as stored, and the broker refuses writes until it is restarted";
    /** Official value of the MSG_REGION ext field. */
    static final String DEFAULT_REGION = "DefaultRegion";

    static final int BATCH_MESSAGES_MAX = 10_000;
    private static final int MULTI_TAGS_FLAG = SendSysFlag.MULTI_TAGS;

    private final LiveBrokerConfig live;
    private final String brokerName;
    private final boolean sendInline;
    private final int defaultTopicQueueNums;
    private final TopicConfigTable topics;
    private final MessageAppender appender;
    private final HostAddress storeHost;
    private final UniqueKeys uniqueKeys;
    private final String clusterProperty;
    private final AtomicLong refused = new AtomicLong();
    private final RandomSource random;

    public SendMessageProcessor(
            LiveBrokerConfig live,
            TopicConfigTable topics,
            MessageAppender appender,
            HostAddress storeHost,
            SkiffClock clock) {
        this(live, topics, appender, storeHost, clock, RandomSource.THREAD_LOCAL);
    }

    /** As above, with the source of the queue picked for a send that names none (queue id -1). */
    public SendMessageProcessor(
            LiveBrokerConfig live,
            TopicConfigTable topics,
            MessageAppender appender,
            HostAddress storeHost,
            SkiffClock clock,
            RandomSource random) {
        this.random = random;
        BrokerConfig config = live.get();
        this.live = live;
        this.brokerName = config.brokerName();
        this.sendInline = config.sendInline();
        this.defaultTopicQueueNums = config.defaultTopicQueueNums();
        this.topics = topics;
        this.appender = appender;
        this.storeHost = storeHost;
        this.uniqueKeys = new UniqueKeys(storeHost, clock.nowMs());
        this.clusterProperty = "CLUSTER" + MessageProperties.NAME_VALUE_SEPARATOR + config.brokerClusterName()
                + MessageProperties.PROPERTY_SEPARATOR;
    }

    /**
     * Sends to a topic that already exists are appended right here on the I/O thread when {@code
     * sendInline} is on: validation is in memory and an append copies into a pre-touched mapped
     * segment. Sends that may create a topic (a file write and a registration), bodies marked
     * compressed (inflating them is work) and appends the store says would wait (another appender
     * holds the log, a segment roll, a full staging buffer; {@link
     * dev.skiff.store.MessageStore#appendWithoutWaiting}) take the executor, with nothing done here.
     */
    @Override
    public boolean processInline(RequestContext ctx, RemotingCommand request) {
        if (!sendInline) {
            return false;
        }
        String topic = request.fields().raw(isV2(request) ? "b" : "topic");
        if (topic == null || topics.get(topic) == null || compressed(request)) {
            return false;
        }
        return handle(ctx, request, false);
    }

    /**
     * Whether the body is marked compressed (an odd sysFlag), read from the raw field: checking that
     * it inflates is work for a send thread.
     */
    private static boolean compressed(RemotingCommand request) {
        String flag = request.fields().raw(isV2(request) ? "f" : "sysFlag");
        if (flag == null || flag.isEmpty()) {
            return false;
        }
        char last = flag.charAt(flag.length() - 1);
        return last >= '0' && last <= '9' && ((last - '0') & SendSysFlag.COMPRESSED) != 0;
    }

    /** The most bytes a compressed body may inflate to: 16 times {@code maxMessageSize}. */
    private static long inflatedMaxBytes(BrokerConfig config) {
        return 16L * config.maxMessageSize();
    }

    private static boolean isV2(RemotingCommand request) {
        return request.code() == RequestCode.SEND_MESSAGE_V2
                || request.code() == RequestCode.SEND_BATCH_MESSAGE
                || request.code() == RequestCode.SEND_REPLY_MESSAGE_V2;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        handle(ctx, request, true);
    }

    /**
     * Validates and appends; false, with nothing answered or stored, only when {@code mayWait} is
     * false and the append would wait.
     */
    private boolean handle(RequestContext ctx, RemotingCommand request, boolean mayWait) {
        SendMessageRequestHeader header = isV2(request)
                ? SendMessageRequestHeader.decodeV2(request.fields())
                : SendMessageRequestHeader.decode(request.fields());
        boolean batch = request.code() == RequestCode.SEND_BATCH_MESSAGE || Boolean.TRUE.equals(header.batch());
        SendCheck check = validate(live.get(), header, request, batch);
        if (check.error != null) {
            refused.incrementAndGet();
            ctx.respond(check.error);
            return true;
        }
        HostAddress bornHost = bornHost(ctx.channel().remoteSocketAddress());
        if (batch) {
            return sendBatch(ctx, header, request.body(), check, bornHost, mayWait);
        }
        return sendOne(ctx, header, request.body(), check, bornHost, mayWait);
    }

    /** The outcome of validation: an error response, or the topic and queue to write to. */
    private record SendCheck(RemotingCommand error, TopicConfig topic, int queueId) {
        static SendCheck refuse(ResponseCode code, String remark) {
            return new SendCheck(RemotingCommand.response(code, remark), null, -1);
        }
    }

    private SendCheck validate(
            BrokerConfig config, SendMessageRequestHeader header, RemotingCommand request, boolean batch) {
        if ((config.brokerPermission() & TopicConfig.PERM_WRITE) == 0) {
            return SendCheck.refuse(ResponseCode.NO_PERMISSION, "broker " + brokerName + " does not accept writes now");
        }
        String topicName = header.topic();
        String nameProblem = SystemTopics.checkTopicName(topicName);
        if (nameProblem != null) {
            return SendCheck.refuse(ResponseCode.INVALID_PARAMETER, nameProblem);
        }
        if (SystemTopics.isSendForbidden(topicName)) {
            return SendCheck.refuse(
                    ResponseCode.NO_PERMISSION, "topic " + topicName + " is a system topic and cannot be sent to");
        }
        String flagProblem = SendSysFlag.flagProblem(header.sysFlag());
        if (flagProblem != null) {
            return SendCheck.refuse(ResponseCode.MESSAGE_ILLEGAL, flagProblem);
        }
        boolean half = (header.sysFlag() & SendSysFlag.TRANSACTION_MASK) == SendSysFlag.TRANSACTION_PREPARED;
        if (!half && SendSysFlag.isTransactionHalf(header.sysFlag(), header.properties())) {
            return SendCheck.refuse(
                    ResponseCode.MESSAGE_ILLEGAL,
                    "TRAN_MSG=true marks a half message, but the prepared sysFlag is not set");
        }
        if (batch && half) {
            return SendCheck.refuse(ResponseCode.MESSAGE_ILLEGAL, "a batch cannot be a transactional half message");
        }
        if (batch && SystemTopics.isRetryTopic(topicName)) {
            return SendCheck.refuse(ResponseCode.MESSAGE_ILLEGAL, "a batch cannot be sent to a retry topic");
        }
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return SendCheck.refuse(ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
        }
        if (body.length > config.maxMessageSize()) {
            return SendCheck.refuse(
                    ResponseCode.MESSAGE_ILLEGAL,
                    "the message body is " + body.length + " bytes, over the limit of " + config.maxMessageSize());
        }
        if (!batch) {
            String bodyProblem = SendSysFlag.bodyProblem(header.sysFlag(), body, inflatedMaxBytes(config));
            if (bodyProblem != null) {
                return SendCheck.refuse(ResponseCode.MESSAGE_ILLEGAL, bodyProblem);
            }
        }
        String props = header.properties() == null ? "" : header.properties();
        if (utf8Length(props) + clusterProperty.length() + 64 > MessageProperties.ENCODED_MAX_BYTES) {
            return SendCheck.refuse(
                    ResponseCode.MESSAGE_ILLEGAL,
                    "the message properties are longer than " + MessageProperties.ENCODED_MAX_BYTES + " bytes");
        }
        TopicConfig topic = findOrCreateTopic(header, config.autoCreateTopicEnable());
        if (topic == null) {
            return SendCheck.refuse(
                    ResponseCode.TOPIC_NOT_EXIST,
                    "topic " + topicName + " does not exist on broker " + brokerName
                            + (config.autoCreateTopicEnable() ? "" : " and auto-creation is off"));
        }
        if ((topic.perm() & TopicConfig.PERM_WRITE) == 0) {
            return SendCheck.refuse(ResponseCode.NO_PERMISSION, "topic " + topicName + " is not writable");
        }
        int queues = Math.max(topic.writeQueueNums(), topic.readQueueNums());
        int queueId = header.queueId();
        if (queueId < 0) {
            queueId = random.nextInt(Math.max(1, topic.writeQueueNums()));
        } else if (queueId >= queues) {
            return SendCheck.refuse(
                    ResponseCode.INVALID_PARAMETER,
                    "queue id " + queueId + " is out of range: topic " + topicName + " has " + queues + " queues");
        }
        return new SendCheck(null, topic, queueId);
    }

    private TopicConfig findOrCreateTopic(SendMessageRequestHeader header, boolean autoCreate) {
        TopicConfig topic = topics.get(header.topic());
        if (topic != null) {
            return topic;
        }
        int rw = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
        if (SystemTopics.isRetryTopic(header.topic())) {
            return topics.ensure(header.topic(), 1, rw, 0);
        }
        if (!autoCreate) {
            return null;
        }
        int queueNums = header.defaultTopicQueueNums() > 0 ? header.defaultTopicQueueNums() : defaultTopicQueueNums;
        return topics.createFromTemplate(header.topic(), header.defaultTopic(), queueNums, 0);
    }

    private boolean sendOne(
            RequestContext ctx,
            SendMessageRequestHeader header,
            byte[] body,
            SendCheck check,
            HostAddress bornHost,
            boolean mayWait) {
        String props = header.properties() == null ? "" : header.properties();
        String uniqKey = MessageProperties.get(props, MessageProperties.UNIQ_KEY);
        if (uniqKey == null) {
            uniqKey = uniqueKeys.next();
            props = withSeparatorEnd(props)
                    + MessageProperties.UNIQ_KEY
                    + MessageProperties.NAME_VALUE_SEPARATOR
                    + uniqKey
                    + MessageProperties.PROPERTY_SEPARATOR;
        }
        props = withSeparatorEnd(props) + clusterProperty;
        MessageToStore message = new MessageToStore(
                header.topic(),
                check.queueId,
                header.flag(),
                body,
                props,
                sysFlag(header.sysFlag(), check.topic),
                header.bornTimestamp(),
                bornHost,
                header.reconsumeTimes() == null ? 0 : header.reconsumeTimes(),
                0);
        String transactionId = uniqKey;
        CompletableFuture<PutResult> put;
        try {
            put = mayWait ? appender.append(message) : appender.appendWithoutWaiting(message);
        } catch (RewriteRefusedException e) {
            refused.incrementAndGet();
            ctx.respond(RemotingCommand.response(e.code(), e.getMessage()));
            return true;
        }
        if (put == null) {
            return false;
        }
        put.whenComplete((result, error) -> respond(ctx, result, error, check, transactionId));
        return true;
    }

    private boolean sendBatch(
            RequestContext ctx,
            SendMessageRequestHeader header,
            byte[] body,
            SendCheck check,
            HostAddress bornHost,
            boolean mayWait) {
        List<BatchBody.Entry> entries;
        try {
            entries = BatchBody.decode(body, BATCH_MESSAGES_MAX);
        } catch (IllegalArgumentException e) {
            refused.incrementAndGet();
            ctx.respond(RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, e.getMessage()));
            return true;
        }
        int sysFlag = sysFlag(header.sysFlag(), check.topic);
        long inflatedMax = inflatedMaxBytes(live.get());
        List<MessageToStore> batch = new ArrayList<>(entries.size());
        for (BatchBody.Entry entry : entries) {
            String bodyProblem = SendSysFlag.bodyProblem(sysFlag, entry.body(), inflatedMax);
            if (bodyProblem != null) {
                refused.incrementAndGet();
                ctx.respond(RemotingCommand.response(
                        ResponseCode.MESSAGE_ILLEGAL, "message " + batch.size() + " of the batch: " + bodyProblem));
                return true;
            }
            String props = entry.properties();
            if (MessageProperties.get(props, MessageProperties.UNIQ_KEY) == null) {
                props = withSeparatorEnd(props)
                        + MessageProperties.UNIQ_KEY
                        + MessageProperties.NAME_VALUE_SEPARATOR
                        + uniqueKeys.next()
                        + MessageProperties.PROPERTY_SEPARATOR;
            }
            props = withSeparatorEnd(props) + clusterProperty;
            if (utf8Length(props) > MessageProperties.ENCODED_MAX_BYTES) {
                refused.incrementAndGet();
                ctx.respond(RemotingCommand.response(
                        ResponseCode.MESSAGE_ILLEGAL,
                        "a message of the batch has properties longer than " + MessageProperties.ENCODED_MAX_BYTES
                                + " bytes"));
                return true;
            }
            batch.add(new MessageToStore(
                    header.topic(),
                    check.queueId,
                    entry.flag(),
                    entry.body(),
                    props,
                    sysFlag,
                    header.bornTimestamp(),
                    bornHost,
                    0,
                    0));
        }
        CompletableFuture<PutResult> put;
        try {
            put = mayWait ? appender.appendBatch(batch) : appender.appendBatchWithoutWaiting(batch);
        } catch (RewriteRefusedException e) {
            refused.incrementAndGet();
            ctx.respond(RemotingCommand.response(e.code(), e.getMessage()));
            return true;
        }
        if (put == null) {
            return false;
        }
        put.whenComplete((result, error) -> respond(ctx, result, error, check, null));
        return true;
    }

    private void respond(RequestContext ctx, PutResult result, Throwable error, SendCheck check, String transactionId) {
        if (error != null) {
            ctx.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the store failed: " + error));
            return;
        }
        ResponseCode code = switch (result.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case DISK_FULL, SERVICE_NOT_AVAILABLE, STORE_FAILED, WOULD_WAIT -> ResponseCode.SERVICE_NOT_AVAILABLE;
        };
        if (!result.isStored()) {
            ctx.respond(RemotingCommand.response(
                    code,
                    result.status() == PutStatus.STORE_FAILED
                            ? STORE_FAILED_REMARK
                            : "the store refused the message: " + result.status()));
            return;
        }
        RemotingCommand response = RemotingCommand.success(new SendMessageResponseHeader(
                        result.offsetMsgIds(storeHost), check.queueId, result.queueOffset(), transactionId, null))
                .code(code.code());
        response.putExtField("MSG_REGION", DEFAULT_REGION);
        response.putExtField("TRACE_ON", "true");
        ctx.respond(response);
    }

    private static int sysFlag(int requested, TopicConfig topic) {
        int flag = requested;
        if (topic.topicFilterType() == TopicFilterType.MULTI_TAG) {
            flag |= MULTI_TAGS_FLAG;
        }
        return flag;
    }

    private static String withSeparatorEnd(String props) {
        if (props.isEmpty() || props.charAt(props.length() - 1) == MessageProperties.PROPERTY_SEPARATOR) {
            return props;
        }
        return props + MessageProperties.PROPERTY_SEPARATOR;
    }

    private static int utf8Length(String s) {
        int ascii = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return ascii;
    }

    private static HostAddress bornHost(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return HostAddress.of(inet);
        }
        return new HostAddress(new byte[4], 0);
    }

    /** Sends refused by validation since start. */
    public long refusedCount() {
        return refused.get();
    }
}
