package dev.skiff.broker.admin;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.message.OffsetMessageId;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.SubscriptionGroupConfig;
import dev.skiff.remoting.protocol.body.TopicConfig;
import dev.skiff.store.MessageStore;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Requests that mqadmin sends to the broker for one consumer client, which the broker passes on
 * over the client's own connection and whose answer it relays: the client's running info ({@code
 * GET_CONSUMER_RUNNING_INFO}, 307: {@code mqadmin consumerStatus}, {@code consumerProgress -s}) and
 * consuming one stored message directly ({@code CONSUME_MESSAGE_DIRECTLY}, 309: {@code mqadmin
 * queryMsgById -g -d}).
 *
 * <p>Both carry {@code consumerGroup} and {@code clientId}; the request goes on with the same code,
 * ext fields and body. For 309 the broker first puts in its {@code brokerName}, the topic's and
 * group's sys flags, and as body the stored record the {@code msgId} (an offset message id) points
 * at.
 *
 * <p>Answers: the client's own response; 1 SYSTEM_ERROR when the client is not connected, older
 * than V3_1_8_SNAPSHOT (version 62, the first to answer these) or cannot be reached, or (309) when
 * no record is stored at the id's offset; 207 CONSUME_MSG_TIMEOUT when the client does not answer
 * within {@link #CLIENT_CALL_TIMEOUT_MS}. Nothing waits on a thread: the answer is sent when the
 * client's response (or its time-out) completes.
 */
final class ConsumerCalls {
    /** Below the official tool's own 5 s request time-out, so that a slow client gets a clear answer. */
    static final long CLIENT_CALL_TIMEOUT_MS = 4_500;
    /** {@code MQVersion.Version.V3_1_8_SNAPSHOT}: the first client version that answers these requests. */
    static final int CLIENT_VERSION_MIN = 62;

    private final String brokerName;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final MessageStore store;
    private final ClientDirectory clients;

    ConsumerCalls(
            String brokerName,
            TopicConfigTable topics,
            SubscriptionGroupTable groups,
            MessageStore store,
            ClientDirectory clients) {
        this.brokerName = brokerName;
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.clients = clients;
    }

    /** Passes a 307 or 309 request on to the client it names and answers {@code ctx} with the outcome. */
    void relay(RequestContext ctx, RemotingCommand request) {
        String group = request.fields().requiredString("consumerGroup");
        String clientId = request.fields().requiredString("clientId");
        ClientDirectory.ConsumerClient client = clients.consumerClient(group, clientId);
        if (client == null) {
            ctx.respond(
                    error("consumer " + clientId + " of group " + group + " is not connected to broker " + brokerName));
            return;
        }
        if (client.version() < CLIENT_VERSION_MIN) {
            ctx.respond(error("consumer " + clientId + " announced version " + client.version()
                    + ", older than V3_1_8_SNAPSHOT (" + CLIENT_VERSION_MIN + "), which cannot answer this request"));
            return;
        }
        Map<String, String> fields = new HashMap<>(request.ensureExtFields());
        byte[] body = request.body();
        if (request.code() == RequestCode.CONSUME_MESSAGE_DIRECTLY) {
            body = storedMessage(fields.get("msgId"));
            if (body == null) {
                ctx.respond(error("no message is stored on broker " + brokerName + " for id " + fields.get("msgId")));
                return;
            }
            addDirectConsumeFields(fields, group);
        }
        RemotingCommand forward = RemotingCommand.request(request.code()).extFields(fields);
        if (body != null) {
            forward.body(body);
        }
        call(client.channel(), forward, group, clientId).thenAccept(ctx::respond);
    }

    private CompletableFuture<RemotingCommand> call(
            RemotingChannel channel, RemotingCommand forward, String group, String clientId) {
        return channel.invokeAsync(forward, CLIENT_CALL_TIMEOUT_MS).handle((reply, failure) -> {
            if (failure == null) {
                return RemotingCommand.response(reply.code(), reply.remark())
                        .extFields(reply.extFields())
                        .body(reply.body());
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RemotingException.TimeoutException) {
                return RemotingCommand.response(
                        ResponseCode.CONSUME_MSG_TIMEOUT,
                        "consumer " + clientId + " of group " + group + " did not answer within "
                                + CLIENT_CALL_TIMEOUT_MS + " ms");
            }
            return error("cannot reach consumer " + clientId + " of group " + group + ": " + cause);
        });
    }

    /** The stored record an offset message id points at, or null when there is none. */
    private byte[] storedMessage(String msgId) {
        long offset;
        try {
            offset = OffsetMessageId.decode(msgId).physicalOffset();
        } catch (RuntimeException e) {
            return null;
        }
        try (RecordLease lease = store.lookMessageByOffset(offset)) {
            if (lease.count() == 0) {
                return null;
            }
            SelectedRecord record = lease.records().get(0);
            ByteBuffer buffer = record.buffer().duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }

    private void addDirectConsumeFields(Map<String, String> fields, String group) {
        fields.put("brokerName", brokerName);
        String topic = fields.get("topic");
        TopicConfig topicConfig = topic == null ? null : topics.get(topic);
        if (topicConfig != null) {
            fields.put("topicSysFlag", Integer.toString(topicConfig.topicSysFlag()));
        }
        SubscriptionGroupConfig groupConfig = groups.get(group);
        if (groupConfig != null) {
            fields.put("groupSysFlag", Integer.toString(groupConfig.groupSysFlag()));
        }
    }

    private static RemotingCommand error(String remark) {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, remark);
    }
}
