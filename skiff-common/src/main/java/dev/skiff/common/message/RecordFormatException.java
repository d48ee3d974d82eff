package dev.skiff.common.message;

/** A stored record or message id that is not well formed. */
public final class RecordFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }
}
