package dev.skiff.broker.timer;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.util.List;

/**
 * Serves {@code GET_TIMER_CHECK_POINT} (60): the timer's last written checkpoint in the official
 * layout ({@link TimerCheckpointWire}), which a slave copies so that, promoted, it does not fire
 * again what this broker fired. SYSTEM_ERROR (1) before the first checkpoint, as the official
 * broker answers without one.
 */
public final class TimerCheckpointProcessor implements SyncRequestProcessor {
    private final TimerService timer;

    public TimerCheckpointProcessor(TimerService timer) {
        this.timer = timer;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(RequestCode.GET_TIMER_CHECK_POINT);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        byte[] body = timer.checkpointForSlave();
        if (body == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the timer has written no checkpoint yet");
        }
        return RemotingCommand.success().body(body);
    }
}
