package dev.skiff.broker.filter;

import dev.skiff.broker.filter.SqlLexer.Token;

/** Reads numeric literals and checks literal {@code BETWEEN} bounds, as the official broker does. */
final class SqlLiterals {
    private SqlLiterals() {}

    /** An integer literal: an {@code Integer} when it fits, else a {@code Long}. */
    static Object integer(Token t) {
        String text = t.text();
        if (text.endsWith("l") || text.endsWith("L")) {
            text = text.substring(0, text.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SqlSyntaxException("integer literal " + t.text() + " is out of the long range", t.at());
        }
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }

    /** A decimal literal; it must be finite and at least {@link Double#MIN_VALUE} (so not zero). */
    static Double decimal(Token t) {
        double value = Double.parseDouble(t.text());
        if (value > Double.MAX_VALUE) {
            throw new SqlSyntaxException("decimal literal " + t.text() + " is larger than " + Double.MAX_VALUE, t.at());
        }
        if (value < Double.MIN_VALUE) {
            throw new SqlSyntaxException(
                    "decimal literal " + t.text() + " is smaller than " + Double.MIN_VALUE + " (zero is refused)",
                    t.at());
        }
        return value;
    }

    /** Literal BETWEEN bounds: neither may be NULL, and numeric bounds must not be reversed. */
    static void checkBetweenBounds(Object low, Object high, int at) {
        if (low == null || high == null) {
            throw new SqlSyntaxException("BETWEEN bounds cannot be NULL", at);
        }
        if (low instanceof Number && high instanceof Number && SqlValues.compare(high, low) < 0) {
            throw new SqlSyntaxException("BETWEEN low bound " + low + " is above the high bound " + high, at);
        }
    }
}
