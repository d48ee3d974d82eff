package dev.skiff.remoting;

import dev.skiff.remoting.protocol.RemotingCommand;

/** A processor that answers at once with the command it returns ({@code null}: no answer). */
@FunctionalInterface
public interface SyncRequestProcessor extends RequestProcessor {

    RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws Exception;

    @Override
    default void process(RequestContext ctx, RemotingCommand request) throws Exception {
        RemotingCommand response = handle(ctx.channel(), request);
        if (response != null) {
            ctx.respond(response);
        }
    }
}
