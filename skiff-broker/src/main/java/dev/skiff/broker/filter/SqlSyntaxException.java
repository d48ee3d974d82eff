package dev.skiff.broker.filter;

/**
 * A SQL92 filter expression that cannot be compiled: a lexical or grammar error, a literal out of
 * range, an operand of the wrong kind (a string where a number must be compared, {@code = NULL}),
 * or an expression longer or deeper than the compiler's bounds. The message names the character
 * position (0-based) where the problem was found.
 */
public final class SqlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    public SqlSyntaxException(String message, int position) {
        super(message + " (at character " + position + ")");
        this.position = position;
    }

    /** Where in the expression the problem was found (0-based character index). */
    public int position() {
        return position;
    }
}
