package dev.skiff.broker.controller;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.util.function.BooleanSupplier;

/**
 * One request code served by the master's processor while the broker is master and by the
 * slave's otherwise (in controller mode the role changes at run time). The role is read once per
 * request, on whichever path serves it.
 */
public final class RoleGate implements RequestProcessor {
    private final BooleanSupplier master;
    private final RequestProcessor asMaster;
    private final RequestProcessor asSlave;

    public RoleGate(BooleanSupplier master, RequestProcessor asMaster, RequestProcessor asSlave) {
        this.master = master;
        this.asMaster = asMaster;
        this.asSlave = asSlave;
    }

    private RequestProcessor now() {
        return master.getAsBoolean() ? asMaster : asSlave;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) throws Exception {
        now().process(ctx, request);
    }

    @Override
    public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        return now().answerInline(channel, request);
    }

    @Override
    public boolean processInline(RequestContext ctx, RemotingCommand request) throws Exception {
        return now().processInline(ctx, request);
    }
}
