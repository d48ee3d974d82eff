package dev.skiff.broker.filter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A compiled SQL92 filter expression (grammar and rules: {@code docs/filters.md}, {@link
 * SqlParser}). Immutable and safe to share between threads: each evaluation keeps its state in a
 * context of its own.
 *
 * <p>A message matches when the expression evaluates to TRUE; FALSE, unknown (null, e.g. a missing
 * property) and a failed conversion (a property {@code "abc"} compared with a number) do not match.
 */
public final class SqlPredicate {
    /** Longest expression compiled, in characters. */
    public static final int EXPRESSION_MAX_CHARS = 16_384;

    /** What an expression evaluates to for one message. */
    public enum Outcome {
        TRUE,
        FALSE,
        /** Null: an operand was unknown, e.g. a missing property. */
        UNKNOWN,
        /** A value could not be converted for a comparison; the message does not match. */
        FAILED
    }

    private final String expression;
    private final SqlNode root;
    private final String[] propertyNames;
    private final byte[][] propertyNamesUtf8;

    private SqlPredicate(String expression, SqlNode root, String[] propertyNames) {
        this.expression = expression;
        this.root = root;
        this.propertyNames = propertyNames;
        this.propertyNamesUtf8 = new byte[propertyNames.length][];
        for (int i = 0; i < propertyNames.length; i++) {
            propertyNamesUtf8[i] = propertyNames[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Compiles {@code expression}.
     *
     * @throws SqlSyntaxException when it is null, empty, longer than {@link #EXPRESSION_MAX_CHARS}
     *     or not a valid boolean expression
     */
    public static SqlPredicate compile(String expression) {
        if (expression == null) {
            throw new SqlSyntaxException("no SQL92 expression given", 0);
        }
        if (expression.length() > EXPRESSION_MAX_CHARS) {
            throw new SqlSyntaxException(
                    "SQL92 expression of " + expression.length() + " characters is longer than " + EXPRESSION_MAX_CHARS,
                    EXPRESSION_MAX_CHARS);
        }
        SqlParser.Parsed parsed = SqlParser.parse(expression);
        return new SqlPredicate(expression, parsed.root(), parsed.propertyNames());
    }

    /** Whether the message with these properties matches. */
    public boolean test(PropertySource properties) {
        return evaluate(properties) == Outcome.TRUE;
    }

    /** Whether the stored record (a read-only view from its first byte) matches. */
    public boolean matchesRecord(ByteBuffer record) {
        String[] values = RecordPropertyReader.of(record).readAll(propertyNamesUtf8);
        return outcome(new SqlContext(values)) == Outcome.TRUE;
    }

    /** The expression's value for a message with these properties. */
    public Outcome evaluate(PropertySource properties) {
        return outcome(new SqlContext(propertyNames, properties));
    }

    private Outcome outcome(SqlContext ctx) {
        try {
            Object v = root.eval(ctx);
            return v == null ? Outcome.UNKNOWN : (Boolean) v ? Outcome.TRUE : Outcome.FALSE;
        } catch (SqlValues.EvalFailure e) {
            return Outcome.FAILED;
        }
    }

    /** The properties the expression reads, in order of first use. */
    public List<String> propertyNames() {
        return List.of(propertyNames);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "SQL92(" + expression + ")";
    }
}
