package dev.skiff.broker.client;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.ConsumerIdList;
import dev.skiff.remoting.protocol.header.GetConsumerListByGroupRequestHeader;
import java.util.List;

/**
 * Serves {@code GET_CONSUMER_LIST_BY_GROUP} (38): the client ids of a group's members, which each
 * member sorts and divides the queues by. A group without members gets 1 with a remark, as the
 * official broker answers.
 */
public final class ConsumerListProcessor implements SyncRequestProcessor {
    private final ConsumerRegistry consumers;

    public ConsumerListProcessor(ConsumerRegistry consumers) {
        this.consumers = consumers;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        String group =
                GetConsumerListByGroupRequestHeader.decode(request.fields()).consumerGroup();
        List<String> ids = consumers.consumerIds(group);
        if (ids.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        return RemotingCommand.success().body(new ConsumerIdList(ids).encode());
    }
}
