package dev.skiff.broker.controller;

/** A controller call that did not succeed: the response code (or -1 for no answer) and why. */
public final class ControllerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    public ControllerException(int code, String message) {
        super(message);
        this.code = code;
    }

    public ControllerException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The controller's response code; -1 when no answer came. */
    public int code() {
        return code;
    }
}
