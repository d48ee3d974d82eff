package dev.skiff.remoting.protocol;

/**
 * A custom header field is missing or malformed. The remoting server answers the request with
 * {@link ResponseCode#INVALID_PARAMETER} and this exception's message as the remark, which
 * names the field.
 */
public final class HeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public HeaderException(String field, String problem) {
        super("header field '" + field + "' " + problem);
        this.field = field;
    }

    /** The ext-field key at fault. */
    public String field() {
        return field;
    }
}
