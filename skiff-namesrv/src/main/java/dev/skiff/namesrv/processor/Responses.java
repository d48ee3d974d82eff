package dev.skiff.namesrv.processor;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;

/** Error responses of the processors. */
final class Responses {
    private Responses() {}

    static RemotingCommand error(ResponseCode code, String remark) {
        return RemotingCommand.response(code, remark);
    }

    static RemotingCommand notSupported(int code) {
        return RemotingCommand.notSupported(code);
    }

    static RemotingCommand disabled() {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "disable");
    }
}
