package dev.skiff.broker.offset;

import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import dev.skiff.remoting.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import dev.skiff.remoting.protocol.header.GetMaxOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.GetMaxOffsetResponseHeader;
import dev.skiff.remoting.protocol.header.GetMinOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.GetMinOffsetResponseHeader;
import dev.skiff.remoting.protocol.header.SearchOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.SearchOffsetResponseHeader;
import dev.skiff.store.BoundaryType;
import dev.skiff.store.GetResult;
import dev.skiff.store.GetStatus;
import dev.skiff.store.MessageFilter;
import dev.skiff.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Serves the queue-bound questions consumers ask while choosing where to start:
 * {@code SEARCH_OFFSET_BY_TIMESTAMP} (29), {@code GET_MAX_OFFSET} (30), {@code GET_MIN_OFFSET}
 * (31) and {@code GET_EARLIEST_MSG_STORETIME} (32). Each names a topic of the topic table and
 * one of its queues ({@link QueueHeaderCheck}: 17 or 29 otherwise); an empty queue has bounds 0
 * and no earliest time (-1), as on the official broker.
 */
public final class QueueOffsetProcessor implements SyncRequestProcessor {
    private final TopicConfigTable topics;
    private final MessageStore store;

    public QueueOffsetProcessor(TopicConfigTable topics, MessageStore store) {
        this.topics = topics;
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_MAX_OFFSET -> {
                GetMaxOffsetRequestHeader h = GetMaxOffsetRequestHeader.decode(request.fields());
                yield checked(
                        h.topic(),
                        h.queueId(),
                        () -> new GetMaxOffsetResponseHeader(store.maxOffsetInQueue(h.topic(), h.queueId())));
            }
            case RequestCode.GET_MIN_OFFSET -> {
                GetMinOffsetRequestHeader h = GetMinOffsetRequestHeader.decode(request.fields());
                yield checked(
                        h.topic(),
                        h.queueId(),
                        () -> new GetMinOffsetResponseHeader(store.minOffsetInQueue(h.topic(), h.queueId())));
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> {
                SearchOffsetRequestHeader h = SearchOffsetRequestHeader.decode(request.fields());
                BoundaryType boundary = h.upper() ? BoundaryType.UPPER : BoundaryType.LOWER;
                yield checked(
                        h.topic(),
                        h.queueId(),
                        () -> new SearchOffsetResponseHeader(
                                store.offsetInQueueByTime(h.topic(), h.queueId(), h.timestamp(), boundary)));
            }
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> {
                GetEarliestMsgStoretimeRequestHeader h = GetEarliestMsgStoretimeRequestHeader.decode(request.fields());
                yield checked(
                        h.topic(), h.queueId(), () -> new GetEarliestMsgStoretimeResponseHeader(earliestStoreTime(h)));
            }
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand checked(String topic, int queueId, Supplier<CommandHeader> answer) {
        RemotingCommand problem = QueueHeaderCheck.problem(topics, topic, queueId);
        return problem != null ? problem : RemotingCommand.success(answer.get());
    }

    private long earliestStoreTime(GetEarliestMsgStoretimeRequestHeader h) {
        long min = store.minOffsetInQueue(h.topic(), h.queueId());
        try (GetResult first =
                store.getMessages(h.topic(), h.queueId(), min, 1, Integer.MAX_VALUE, MessageFilter.ALL)) {
            if (first.status() != GetStatus.FOUND) {
                return -1;
            }
            ByteBuffer record = first.records().get(0).buffer();
            int at = record.position();
            int sysFlag = record.getInt(at + StoredRecordLayout.SYS_FLAG);
            return record.getLong(at + StoredRecordLayout.storeTimestampOffset(sysFlag));
        }
    }
}
