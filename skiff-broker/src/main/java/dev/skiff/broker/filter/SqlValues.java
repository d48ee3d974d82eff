package dev.skiff.broker.filter;

/**
 * The value rules of SQL92 filters, matching the official broker's. Values are {@code null}
 * (unknown), {@link String} (every message property, string literals), {@link Integer} and {@link
 * Long} (integer literals: an {@code Integer} when it fits), {@link Double} (decimal literals) and
 * {@link Boolean}.
 *
 * <p>{@link #compare} orders two non-null values. Same types compare naturally ({@code false <
 * true}, strings by UTF-16 code units). Numbers of different types are widened (Integer → Long →
 * Double). A string against a number is parsed as that number's type ({@code Integer.parseInt},
 * {@code Long.parseLong}, {@code Double.parseDouble}); a string on the left against a boolean is
 * read as {@code true} when it says {@code true} in any case. Any other mix (a number against a
 * boolean, a boolean on the left against a string) is "less than": -1. When a string does not
 * parse, or a boolean on the left meets a string, evaluation fails with {@link EvalFailure}: the
 * whole expression then does not match the message (even inside {@code OR} or {@code NOT}).
 */
final class SqlValues {
    private SqlValues() {}

    /**
     * Evaluation stopped: a value could not be converted for a comparison. Carries no stack trace;
     * thrown per message, caught once per message by {@link SqlPredicate}.
     */
    static final class EvalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final EvalFailure INSTANCE = new EvalFailure();

        private EvalFailure() {
            super("SQL92 value conversion failed", null, false, false);
        }
    }

    /** Negative, zero or positive as {@code left} orders before, with or after {@code right}. */
    static int compare(Object left, Object right) {
        if (left.getClass() == right.getClass()) {
            return sameType(left, right);
        }
        try {
            return switch (left) {
                case Boolean _ -> right instanceof String ? fail() : -1;
                case Integer i -> intAgainst(i, right);
                case Long l -> longAgainst(l, right);
                case Double d -> doubleAgainst(d, right);
                case String s -> stringAgainst(s, right);
                default -> -1;
            };
        } catch (NumberFormatException e) {
            throw EvalFailure.INSTANCE;
        }
    }

    /** Two strings ordered by {@code >, >=, <, <=}: both are read as doubles. */
    static int compareAsDoubles(String left, String right) {
        try {
            return Double.compare(Double.parseDouble(left), Double.parseDouble(right));
        } catch (NumberFormatException e) {
            throw EvalFailure.INSTANCE;
        }
    }

    private static int sameType(Object left, Object right) {
        return switch (left) {
            case String s -> s.compareTo((String) right);
            case Integer i -> Integer.compare(i, (Integer) right);
            case Long l -> Long.compare(l, (Long) right);
            case Double d -> Double.compare(d, (Double) right);
            case Boolean b -> Boolean.compare(b, (Boolean) right);
            default -> throw new IllegalStateException("not a SQL92 value: " + left.getClass());
        };
    }

    private static int intAgainst(int left, Object right) {
        return switch (right) {
            case Long l -> Long.compare(left, l);
            case Double d -> Double.compare(left, d);
            case String s -> Integer.compare(left, Integer.parseInt(s));
            default -> -1;
        };
    }

    private static int longAgainst(long left, Object right) {
        return switch (right) {
            case Integer i -> Long.compare(left, i);
            case Double d -> Double.compare((double) left, d);
            case String s -> Long.compare(left, Long.parseLong(s));
            default -> -1;
        };
    }

    private static int doubleAgainst(double left, Object right) {
        return switch (right) {
            case Integer i -> Double.compare(left, i);
            case Long l -> Double.compare(left, (double) l);
            case String s -> Double.compare(left, Double.parseDouble(s));
            default -> -1;
        };
    }

    private static int stringAgainst(String left, Object right) {
        return switch (right) {
            case Boolean b -> Boolean.compare(Boolean.parseBoolean(left), b);
            case Integer i -> Integer.compare(Integer.parseInt(left), i);
            case Long l -> Long.compare(Long.parseLong(left), l);
            case Double d -> Double.compare(Double.parseDouble(left), d);
            default -> -1;
        };
    }

    private static int fail() {
        throw EvalFailure.INSTANCE;
    }
}
