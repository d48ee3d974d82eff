package dev.skiff.broker.controller;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.RequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerBodies;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.NotifyBrokerRoleChangedRequestHeader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The requests a broker in controller mode serves: {@code NOTIFY_BROKER_ROLE_CHANGED} (1008) from
 * the controller leader (handed to the agent; a one-way notice gets no answer, a two-way one gets
 * SUCCESS) and {@code GET_BROKER_EPOCH_CACHE} (1007) from a slave finding its last common epoch,
 * answered with {@link EpochCache} and the ext fields {@code haServerAddr} (where a slave connects)
 * and {@code haClientAddr} (a slave's side of its HA connection, for {@link SyncStateAcks}; empty
 * when not following).
 */
public final class ControllerModeProcessor implements RequestProcessor {
    /** The official request code of the epoch list. */
    public static final int GET_BROKER_EPOCH_CACHE = 1007;

    private final Consumer<ReplicaInfo> notices;
    private final Supplier<EpochCache> epochs;
    private final Supplier<String> haServerAddr;
    private final Supplier<String> haClientAddr;

    public ControllerModeProcessor(
            Consumer<ReplicaInfo> notices, Supplier<EpochCache> epochs, Supplier<String> haServerAddr) {
        this(notices, epochs, haServerAddr, () -> "");
    }

    public ControllerModeProcessor(
            Consumer<ReplicaInfo> notices,
            Supplier<EpochCache> epochs,
            Supplier<String> haServerAddr,
            Supplier<String> haClientAddr) {
        this.haClientAddr = haClientAddr;
        this.notices = notices;
        this.epochs = epochs;
        this.haServerAddr = haServerAddr;
    }

    @Override
    public void process(RequestContext ctx, RemotingCommand request) {
        RemotingCommand answer = answer(request);
        if (answer != null && !ctx.isOneway()) {
            ctx.respond(answer);
        }
    }

    @Override
    public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        return null;
    }

    private RemotingCommand answer(RemotingCommand request) {
        if (request.code() == ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED) {
            NotifyBrokerRoleChangedRequestHeader h = NotifyBrokerRoleChangedRequestHeader.decode(request.fields());
            Set<Long> set = Set.of();
            int setEpoch = h.syncStateSetEpoch() == null ? 0 : h.syncStateSetEpoch();
            byte[] body = request.body();
            if (body != null && body.length > 0) {
                ControllerBodies.SyncStateSet s = ControllerBodies.SyncStateSet.decode(body);
                set = s.syncStateSet();
                setEpoch = s.syncStateSetEpoch();
            }
            notices.accept(new ReplicaInfo(
                    h.masterBrokerId(),
                    h.masterAddress(),
                    h.masterEpoch() == null ? 0 : h.masterEpoch(),
                    set,
                    setEpoch));
            return RemotingCommand.success();
        }
        String client = haClientAddr.get();
        return RemotingCommand.success()
                .body(epochs.get().encode())
                .putExtField("haServerAddr", haServerAddr.get())
                .putExtField("haClientAddr", client == null ? "" : client);
    }
}
