package dev.skiff.remoting.protocol.body;

/** A request or response body that cannot be decoded; the message names the body and the problem. */
public final class BodyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BodyFormatException(String message) {
        super(message);
    }

    public BodyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
