package dev.skiff.broker;

import dev.skiff.broker.metrics.RefusedRequests;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;

/**
 * The transport's default processor: answers every request code without a processor of its own.
 * Until {@link #open} (the store recovered and every processor registered) that is every request,
 * answered {@code SYSTEM_BUSY} "broker is starting" so clients retry instead of being served from
 * a store still recovering; after it, {@code REQUEST_CODE_NOT_SUPPORTED}. Both are counted and
 * logged as refused ({@link RefusedRequests}). Answers on the I/O thread: nothing here blocks.
 */
final class StartupGate implements RequestProcessor {
    static final String STARTING_REMARK = "broker is starting: recovering its store, retry shortly";

    private final RefusedRequests refused;
    private volatile boolean open;

    StartupGate(RefusedRequests refused) {
        this.refused = refused;
    }

    /** From now on unknown codes are unsupported, no longer "starting". */
    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public RemotingCommand answerInline(dev.skiff.remoting.RemotingChannel channel, RemotingCommand request) {
        if (!open) {
            refused.refused(
                    ResponseCode.SYSTEM_BUSY.code(), request.code(), channel.remoteAddress(), "broker is starting");
            return RemotingCommand.response(ResponseCode.SYSTEM_BUSY, STARTING_REMARK);
        }
        refused.refused(
                ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code(),
                request.code(),
                channel.remoteAddress(),
                "no processor for this request code");
        return RemotingCommand.notSupported(request.code());
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        RemotingCommand response = answerInline(ctx.channel(), request);
        if (!ctx.isOneway()) {
            ctx.respond(response);
        }
    }
}
