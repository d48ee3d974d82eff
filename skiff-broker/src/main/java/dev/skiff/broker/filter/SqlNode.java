package dev.skiff.broker.filter;

import java.util.List;
import java.util.Set;

/**
 * A compiled SQL92 expression node. Nodes are immutable and shared between threads; {@link
 * #eval} returns a value of {@link SqlValues} ({@code null} = unknown) or throws {@link
 * SqlValues.EvalFailure}. {@link #height} bounds the recursion of {@code eval}: the parser refuses
 * trees taller than {@link SqlParser#HEIGHT_MAX}.
 *
 * <p>A node is <em>boolean</em> when its value is always a {@code Boolean} or null (the constants
 * {@code TRUE FALSE NULL}, comparisons, logic, tests); the parser uses that to refuse operands of
 * the wrong kind as the official broker does.
 */
abstract sealed class SqlNode {
    private final int height;

    SqlNode(SqlNode... children) {
        int h = 0;
        for (SqlNode c : children) {
            h = Math.max(h, c.height);
        }
        this.height = h + 1;
    }

    abstract Object eval(SqlContext ctx);

    abstract boolean isBoolean();

    final int height() {
        return height;
    }

    /** A literal; {@code TRUE}, {@code FALSE} and {@code NULL} are boolean constants. */
    static final class Constant extends SqlNode {
        final Object value;
        private final boolean bool;

        Constant(Object value, boolean bool) {
            this.value = value;
            this.bool = bool;
        }

        @Override
        Object eval(SqlContext ctx) {
            return value;
        }

        @Override
        boolean isBoolean() {
            return bool;
        }
    }

    /** A message property by name; its value is a string or null when the message has none. */
    static final class Property extends SqlNode {
        final String name;
        final int slot;

        Property(String name, int slot) {
            this.name = name;
            this.slot = slot;
        }

        @Override
        Object eval(SqlContext ctx) {
            return ctx.value(slot);
        }

        @Override
        boolean isBoolean() {
            return false;
        }
    }

    /** Unary minus: numbers change sign, anything else is null. */
    static final class Negate extends SqlNode {
        private final SqlNode operand;

        Negate(SqlNode operand) {
            super(operand);
            this.operand = operand;
        }

        @Override
        Object eval(SqlContext ctx) {
            return switch (operand.eval(ctx)) {
                case Integer i -> -i;
                case Long l -> -l;
                case Double d -> -d;
                case null, default -> null;
            };
        }

        @Override
        boolean isBoolean() {
            return false;
        }
    }

    /** {@code NOT}: null stays null. */
    static final class Not extends SqlNode {
        private final SqlNode operand;

        Not(SqlNode operand) {
            super(operand);
            this.operand = operand;
        }

        @Override
        Object eval(SqlContext ctx) {
            Object v = operand.eval(ctx);
            return v == null ? null : !(Boolean) v;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /**
     * A property used where a boolean is needed ({@code WHERE flag}, {@code NOT flag}): null when
     * absent, and FALSE otherwise, since property values are strings, never booleans.
     */
    static final class BooleanCast extends SqlNode {
        private final SqlNode operand;

        BooleanCast(SqlNode operand) {
            super(operand);
            this.operand = operand;
        }

        @Override
        Object eval(SqlContext ctx) {
            Object v = operand.eval(ctx);
            return v == null ? null : v instanceof Boolean b ? b : Boolean.FALSE;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /**
     * {@code =} (and {@code IS NULL} as {@code = NULL}). One side null: null when it is the left,
     * FALSE when it is the right. Both null: TRUE. Otherwise equal values, or values that {@link
     * SqlValues#compare} orders the same, are TRUE.
     */
    static final class Equal extends SqlNode {
        private final SqlNode left;
        private final SqlNode right;

        Equal(SqlNode left, SqlNode right) {
            super(left, right);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(SqlContext ctx) {
            Object lv = left.eval(ctx);
            Object rv = right.eval(ctx);
            if (lv == null || rv == null) {
                return lv == null ? (rv == null ? Boolean.TRUE : null) : Boolean.FALSE;
            }
            return lv.equals(rv) || SqlValues.compare(lv, rv) == 0;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /** {@code > >= < <=}: null when either side is; two strings are compared as doubles. */
    static final class Order extends SqlNode {
        enum Op {
            GT,
            GE,
            LT,
            LE
        }

        private final Op op;
        private final SqlNode left;
        private final SqlNode right;

        Order(Op op, SqlNode left, SqlNode right) {
            super(left, right);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(SqlContext ctx) {
            Object lv = left.eval(ctx);
            if (lv == null) {
                return null;
            }
            Object rv = right.eval(ctx);
            if (rv == null) {
                return null;
            }
            int c = lv instanceof String ls && rv instanceof String rs
                    ? SqlValues.compareAsDoubles(ls, rs)
                    : SqlValues.compare(lv, rv);
            return switch (op) {
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /**
     * {@code AND} / {@code OR} over two or more operands, left to right, stopping at the first
     * FALSE (AND) or TRUE (OR); otherwise null if any operand was null.
     */
    static final class Logic extends SqlNode {
        private final boolean and;
        private final SqlNode[] operands;

        Logic(boolean and, List<SqlNode> operands) {
            super(operands.toArray(SqlNode[]::new));
            this.and = and;
            this.operands = operands.toArray(SqlNode[]::new);
        }

        @Override
        Object eval(SqlContext ctx) {
            Boolean stop = !and;
            boolean unknown = false;
            for (SqlNode operand : operands) {
                Object v = operand.eval(ctx);
                if (stop.equals(v)) {
                    return stop;
                }
                unknown |= v == null;
            }
            return unknown ? null : !stop;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /** {@code IN} / {@code NOT IN} over string literals; null when the property is absent. */
    static final class In extends SqlNode {
        private final SqlNode property;
        private final Set<String> values;
        private final boolean not;

        In(SqlNode property, Set<String> values, boolean not) {
            super(property);
            this.property = property;
            this.values = values;
            this.not = not;
        }

        @Override
        Object eval(SqlContext ctx) {
            return property.eval(ctx) instanceof String s ? values.contains(s) ^ not : null;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }

    /**
     * {@code CONTAINS}, {@code STARTSWITH}, {@code ENDSWITH} and their {@code NOT} forms: FALSE
     * (both forms) when the search string is empty or the value is not a string (absent included).
     */
    static final class TextTest extends SqlNode {
        enum Kind {
            CONTAINS,
            STARTSWITH,
            ENDSWITH
        }

        private final Kind kind;
        private final SqlNode operand;
        private final String search;
        private final boolean not;

        TextTest(Kind kind, SqlNode operand, String search, boolean not) {
            super(operand);
            this.kind = kind;
            this.operand = operand;
            this.search = search;
            this.not = not;
        }

        @Override
        Object eval(SqlContext ctx) {
            if (search.isEmpty() || !(operand.eval(ctx) instanceof String s)) {
                return Boolean.FALSE;
            }
            boolean hit = switch (kind) {
                case CONTAINS -> s.contains(search);
                case STARTSWITH -> s.startsWith(search);
                case ENDSWITH -> s.endsWith(search);
            };
            return hit ^ not;
        }

        @Override
        boolean isBoolean() {
            return true;
        }
    }
}
