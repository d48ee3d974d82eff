package dev.skiff.remoting.codec;

/**
 * A frame or command header broke the protocol. The receiver closes the connection; the exception
 * carries no stack trace because it is an expected operating error, not a bug.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
