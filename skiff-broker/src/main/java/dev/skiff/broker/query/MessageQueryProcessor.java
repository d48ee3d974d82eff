package dev.skiff.broker.query;

import dev.skiff.broker.admin.StoredTimes;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.header.QueryMessageRequestHeader;
import dev.skiff.remoting.protocol.header.QueryMessageResponseHeader;
import dev.skiff.remoting.protocol.header.ViewMessageRequestHeader;
import dev.skiff.store.MessageStore;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Operator look-ups of stored messages: VIEW_MESSAGE_BY_ID (33) returns the one record at a
 * commit-log offset; QUERY_MESSAGE (12) returns the records of a topic whose KEYS hold a key, or
 * whose unique id equals it, stored within a time window. Bodies are the stored records exactly
 * as on disk (sheet §5.4), concatenated, copied out of the mapped log (these are small, rare
 * requests) so every lease is closed before the answer leaves.
 *
 * <p>Codes: nothing at the offset → 1 SYSTEM_ERROR naming the offset (the official answer, which
 * the admin tool reports as a broker error); negative offset → 29; nothing matched the query → 22
 * QUERY_NOT_FOUND; a bad window or count → 29. At most {@value #QUERY_MAX} messages and
 * {@value #QUERY_BODY_MAX_BYTES} bytes are returned per query (a unique-id query always asks for
 * {@value #UNIQUE_QUERY_MAX}, as the official broker does).
 *
 * <p>The response's {@code indexLastUpdateTimestamp}/{@code indexLastUpdatePhyoffset} report the
 * store time and commit-log offset of the newest record returned (0 when none): Skiff's index is
 * built by the dispatcher right behind the log, so anything older than that is indexed.
 */
public final class MessageQueryProcessor implements SyncRequestProcessor {
    static final int QUERY_MAX = 64;
    static final int UNIQUE_QUERY_MAX = 32;
    static final int QUERY_BODY_MAX_BYTES = 8 << 20;

    private final MessageStore store;

    public MessageQueryProcessor(MessageStore store) {
        this.store = store;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(RequestCode.VIEW_MESSAGE_BY_ID, RequestCode.QUERY_MESSAGE);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.VIEW_MESSAGE_BY_ID -> view(request);
            case RequestCode.QUERY_MESSAGE -> query(request);
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand view(RemotingCommand request) {
        long offset = ViewMessageRequestHeader.decode(request.fields()).offset();
        if (offset < 0) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "offset must not be negative: " + offset);
        }
        try (RecordLease lease = store.lookMessageByOffset(offset)) {
            if (lease.count() == 0) {
                return RemotingCommand.response(
                        ResponseCode.SYSTEM_ERROR,
                        "no message is stored at commit-log offset " + offset + " (valid range "
                                + store.commitLogMinOffset() + ".." + store.commitLogMaxOffset()
                                + "; it may have expired or the id may belong to another broker)");
            }
            return RemotingCommand.success().body(copy(lease.records(), Integer.MAX_VALUE));
        }
    }

    private RemotingCommand query(RemotingCommand request) {
        QueryMessageRequestHeader h = QueryMessageRequestHeader.decode(request.fields());
        boolean uniqueKey = "true".equals(request.extField(QueryMessageRequestHeader.UNIQUE_KEY_QUERY));
        if (h.key().isEmpty()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "the query key is empty");
        }
        if (h.beginTimestamp() > h.endTimestamp()) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    "beginTimestamp " + h.beginTimestamp() + " is after endTimestamp " + h.endTimestamp());
        }
        int max = uniqueKey ? UNIQUE_QUERY_MAX : Math.min(h.maxNum(), QUERY_MAX);
        if (max <= 0) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "maxNum must be positive: " + h.maxNum());
        }
        try (RecordLease lease = store.queryMessages(h.topic(), h.key(), max, h.beginTimestamp(), h.endTimestamp())) {
            if (lease.count() == 0) {
                RemotingCommand notFound = RemotingCommand.response(
                        ResponseCode.QUERY_NOT_FOUND,
                        "no message of topic " + h.topic() + " with key " + h.key()
                                + " was stored in the given time window");
                new QueryMessageResponseHeader(0, 0).writeTo(notFound.ensureExtFields());
                return notFound;
            }
            SelectedRecord newest = newest(lease.records());
            QueryMessageResponseHeader header = new QueryMessageResponseHeader(
                    StoredTimes.storeTimestamp(newest.buffer()), newest.physicalOffset());
            return RemotingCommand.success(header).body(copy(lease.records(), QUERY_BODY_MAX_BYTES));
        }
    }

    private static SelectedRecord newest(List<SelectedRecord> records) {
        SelectedRecord best = records.get(0);
        for (SelectedRecord r : records) {
            if (r.physicalOffset() > best.physicalOffset()) {
                best = r;
            }
        }
        return best;
    }

    /** The records' bytes back to back, whole records only, at most {@code maxBytes} (at least one record). */
    private static byte[] copy(List<SelectedRecord> records, int maxBytes) {
        int total = 0;
        int count = 0;
        for (SelectedRecord r : records) {
            if (count > 0 && (long) total + r.size() > maxBytes) {
                break;
            }
            total += r.size();
            count++;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer view = records.get(i).buffer().duplicate();
            int size = view.remaining();
            view.get(out, at, size);
            at += size;
        }
        return out;
    }
}
