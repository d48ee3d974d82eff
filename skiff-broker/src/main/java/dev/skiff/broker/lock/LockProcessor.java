package dev.skiff.broker.lock;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.LockBatchRequestBody;
import dev.skiff.remoting.protocol.body.LockBatchResponseBody;
import dev.skiff.remoting.protocol.body.QueueRef;
import java.util.Set;

/**
 * Serves {@code LOCK_BATCH_MQ} (41): answers with the queues now leased to the client; and
 * {@code UNLOCK_BATCH_MQ} (42): releases the client's leases (the client may send it one-way). A
 * body that does not parse, or lacks the group or client id, is answered with 29.
 */
public final class LockProcessor implements SyncRequestProcessor {
    private final QueueLockTable locks;

    public LockProcessor(QueueLockTable locks) {
        this.locks = locks;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        try {
            return request.code() == RequestCode.LOCK_BATCH_MQ ? lock(channel, request) : unlock(request);
        } catch (BodyFormatException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    private RemotingCommand lock(RemotingChannel channel, RemotingCommand request) {
        LockBatchRequestBody body = LockBatchRequestBody.decode(request.body());
        RemotingCommand missing = missingMember(body.consumerGroup(), body.clientId(), "LockBatchRequestBody");
        if (missing != null) {
            return missing;
        }
        Set<QueueRef> locked = locks.tryLock(body.consumerGroup(), body.clientId(), body.mqSet(), channel);
        return RemotingCommand.response(ResponseCode.SUCCESS, null).body(new LockBatchResponseBody(locked).encode());
    }

    private RemotingCommand unlock(RemotingCommand request) {
        LockBatchRequestBody body = LockBatchRequestBody.decode(request.body()); // same members
        RemotingCommand missing = missingMember(body.consumerGroup(), body.clientId(), "UnlockBatchRequestBody");
        if (missing != null) {
            return missing;
        }
        locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    private static RemotingCommand missingMember(String group, String clientId, String what) {
        if (group == null || group.isEmpty()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, what + ": 'consumerGroup' is missing");
        }
        if (clientId == null || clientId.isEmpty()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, what + ": 'clientId' is missing");
        }
        return null;
    }
}
