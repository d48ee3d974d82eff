package dev.skiff.broker.replica;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;

/**
 * Answers the requests a slave does not serve as the official slave does: its send processor (all
 * sends and {@code CONSUMER_SEND_MSG_BACK}) refuses every request on a slave before reading it,
 * and so does its pull processor when {@code slaveReadEnable} is off; the transport then answers
 * {@code SYSTEM_BUSY} (2) with the remark below. The official producer and consumer take that as
 * a retriable refusal and go to another broker (a send) or try again later (a pull).
 */
public final class SlaveRefusal implements RequestProcessor {
    /** The remark of the official transport for a request its processor refuses. */
    public static final String REMARK = "[REJECTREQUEST]system busy, start flow control for a while";

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        ctx.respond(refusal());
    }

    @Override
    public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        return refusal();
    }

    private static RemotingCommand refusal() {
        return RemotingCommand.response(ResponseCode.SYSTEM_BUSY, REMARK);
    }
}
