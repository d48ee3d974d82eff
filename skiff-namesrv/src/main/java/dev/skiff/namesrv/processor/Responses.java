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
        return RemotingCommand.response(
                ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + code + " not supported");
    }

    static RemotingCommand disabled() {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "disable");
    }
}
