package dev.skiff.broker.offset;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.QueryConsumerOffsetResponseHeader;
import dev.skiff.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import dev.skiff.store.GetResult;
import dev.skiff.store.GetStatus;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;

/**
 * Serves {@code QUERY_CONSUMER_OFFSET} (14) and {@code UPDATE_CONSUMER_OFFSET} (15).
 *
 * <p>A query for a queue the group has no offset on answers 22 (the client then picks its start
 * from {@code consumeFromWhere}) — except, as the official broker does, when the client did not
 * say {@code setZeroIfNotFound=false}, the queue's min offset is 0 and its first message can
 * still be read: then the answer is 0 with offset 0, so a new group reads a young queue from the
 * start even with CONSUME_FROM_LAST_OFFSET.
 *
 * <p>An update names a topic in the topic table and one of its queues ({@link QueueHeaderCheck})
 * and a commit offset that is not negative (29 otherwise).
 */
public final class ConsumerOffsetProcessor implements SyncRequestProcessor {
    private final ConsumerOffsetTable offsets;
    private final TopicConfigTable topics;
    private final MessageStore store;

    public ConsumerOffsetProcessor(ConsumerOffsetTable offsets, TopicConfigTable topics, MessageStore store) {
        this.offsets = offsets;
        this.topics = topics;
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return request.code() == RequestCode.UPDATE_CONSUMER_OFFSET ? update(request) : query(request);
    }

    private RemotingCommand query(RemotingCommand request) {
        QueryConsumerOffsetRequestHeader h = QueryConsumerOffsetRequestHeader.decode(request.fields());
        long offset = offsets.query(h.consumerGroup(), h.topic(), h.queueId());
        if (offset >= 0) {
            return RemotingCommand.success(new QueryConsumerOffsetResponseHeader(offset));
        }
        if (!Boolean.FALSE.equals(h.setZeroIfNotFound()) && firstMessageReadable(h.topic(), h.queueId())) {
            return RemotingCommand.success(new QueryConsumerOffsetResponseHeader(0));
        }
        return RemotingCommand.response(
                ResponseCode.QUERY_NOT_FOUND,
                "group " + h.consumerGroup() + " has no offset on " + h.topic() + " queue " + h.queueId());
    }

    private boolean firstMessageReadable(String topic, int queueId) {
        if (queueId < 0 || store.minOffsetInQueue(topic, queueId) > 0) {
            return false;
        }
        try (GetResult first = store.getMessages(topic, queueId, 0, 1, Integer.MAX_VALUE, MessageFilter.ALL)) {
            return first.status() == GetStatus.FOUND;
        }
    }

    private RemotingCommand update(RemotingCommand request) {
        UpdateConsumerOffsetRequestHeader h = UpdateConsumerOffsetRequestHeader.decode(request.fields());
        String groupProblem = SystemTopics.checkGroupName(h.consumerGroup());
        if (groupProblem != null) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, groupProblem);
        }
        RemotingCommand queueProblem = QueueHeaderCheck.problem(topics, h.topic(), h.queueId());
        if (queueProblem != null) {
            return queueProblem;
        }
        if (h.commitOffset() < 0) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "commit offset " + h.commitOffset() + " is negative");
        }
        offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        return RemotingCommand.success();
    }
}
