package dev.skiff.console;

import java.io.Serial;

/**
 * A request the console cannot answer, with the HTTP status it maps to and a message for the
 * operator (rendered as text, never as markup).
 */
final class ConsoleException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int TOO_LARGE = 413;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;
    static final int BAD_GATEWAY = 502;
    static final int UNAVAILABLE = 503;

    private final int status;

    ConsoleException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
