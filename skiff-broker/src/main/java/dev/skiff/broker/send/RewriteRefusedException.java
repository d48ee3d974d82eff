package dev.skiff.broker.send;

import dev.skiff.remoting.protocol.ResponseCode;

/**
 * Thrown by a {@link MessageRewriter} that refuses a message (for example a timer message asking
 * for a delay over the limit): nothing is stored and the sender gets {@link #code()} with the
 * message as remark.
 */
public final class RewriteRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ResponseCode code;

    public RewriteRefusedException(ResponseCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The response code the sender gets. */
    public ResponseCode code() {
        return code;
    }
}
