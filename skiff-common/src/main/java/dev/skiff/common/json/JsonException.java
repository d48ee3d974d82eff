package dev.skiff.common.json;

/** Malformed JSON, a limit exceeded, or a value of the wrong type; the message says where. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public JsonException(String message) {
        this(message, -1);
    }

    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Offset in the input (UTF-8 bytes) where the problem was found, or -1 when not a parse error. */
    public int offset() {
        return offset;
    }
}
