package dev.skiff.broker.filter;

import dev.skiff.broker.filter.SqlLexer.Kind;
import dev.skiff.broker.filter.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for SQL92 filter expressions, one precedence level per method
 * (loosest first):
 *
 * <pre>
 * expression := or [anything]                (must be boolean; see below)
 * or         := and ( OR and )*
 * and        := equality ( AND equality )*
 * equality   := comparison ( '=' comparison | '&lt;&gt;' comparison | IS NULL | IS NOT NULL )*
 * comparison := unary ( ('&gt;'|'&gt;='|'&lt;'|'&lt;=') unary
 *                     | [NOT] (CONTAINS|STARTSWITH|ENDSWITH) string
 *                     | [NOT] BETWEEN unary AND unary
 *                     | [NOT] IN '(' string (',' string)* ')' )*
 * unary      := '+' unary | '-' unary | NOT unary | primary
 * primary    := string | integer | decimal | TRUE | FALSE | NULL | identifier | '(' or ')'
 * </pre>
 *
 * <p>Operand rules, as the official broker applies them when it compiles: operands of {@code AND},
 * {@code OR}, {@code NOT} and the whole expression must be boolean (a bare property is read as a
 * boolean); {@code > >= < <=} and {@code BETWEEN} take no string, boolean or null literal and no
 * boolean expression; {@code =} and {@code <>} take no {@code NULL} literal and no {@code
 * TRUE/FALSE = <non-boolean literal>}; {@code IN} needs a property on its left; {@code BETWEEN} with
 * two numeric literal bounds needs low &le; high; a decimal literal must lie in [{@link
 * Double#MIN_VALUE}, {@link Double#MAX_VALUE}] (so {@code 0.0} is refused) and an integer literal
 * in the long range.
 *
 * <p><b>After a complete expression</b> the parser stops at the first token that cannot continue
 * it and ignores the rest, as the official parser does (its grammar does not ask for the end of
 * the input): {@code a > 5 b = 'x'} is {@code a > 5}. That token must still be a token ({@code a >
 * 5;} is refused: {@code ;} is none); and a {@code NOT} there must start {@code NOT BETWEEN / IN /
 * CONTAINS / STARTSWITH / ENDSWITH}, which both parsers expect after an operand. What comes later is never
 * read. Comments are blanks ({@code /* *}{@code /}, and {@code --} up to a line end; {@code --}
 * with no line end after it is two minus signs, as in the official lexer).
 *
 * <p>Bounds: unary and parenthesis nesting at most {@link #DEPTH_MAX}, tree height at most {@link
 * #HEIGHT_MAX}; so neither parsing nor evaluation recurses without bound.
 */
final class SqlParser {
    /** Deepest nesting of parentheses and unary operators. */
    static final int DEPTH_MAX = 100;
    /** Tallest expression tree (chains such as {@code a = 1 = TRUE = ...} grow it without nesting). */
    static final int HEIGHT_MAX = 200;

    private final List<Token> tokens;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private int next;
    private int depth;

    private SqlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The compiled tree and the property names its slots refer to, in slot order. */
    record Parsed(SqlNode root, String[] propertyNames) {}

    static Parsed parse(String expression) {
        SqlParser p = new SqlParser(SqlLexer.tokens(expression));
        SqlNode root = p.asBoolean(p.or(), 0);
        p.peek(); // text after the expression that is no token is refused, as the official parser does
        return new Parsed(root, p.slots.keySet().toArray(String[]::new));
    }

    private SqlNode or() {
        int at = peek().at();
        SqlNode first = and();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<SqlNode> operands = new ArrayList<>();
        operands.add(asBoolean(first, at));
        while (accept(Kind.OR)) {
            int rightAt = peek().at();
            operands.add(asBoolean(and(), rightAt));
        }
        return node(new SqlNode.Logic(false, operands), at);
    }

    private SqlNode and() {
        int at = peek().at();
        SqlNode first = equality();
        if (peek().kind() != Kind.AND) {
            return first;
        }
        List<SqlNode> operands = new ArrayList<>();
        operands.add(asBoolean(first, at));
        while (accept(Kind.AND)) {
            int rightAt = peek().at();
            operands.add(asBoolean(equality(), rightAt));
        }
        return node(new SqlNode.Logic(true, operands), at);
    }

    private SqlNode equality() {
        SqlNode left = comparison();
        while (true) {
            Token t = peek();
            if (accept(Kind.EQ)) {
                left = equal(left, comparison(), t.at());
            } else if (accept(Kind.NE)) {
                left = node(new SqlNode.Not(equal(left, comparison(), t.at())), t.at());
            } else if (accept(Kind.IS)) {
                boolean not = accept(Kind.NOT);
                expect(Kind.NULL, not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
                SqlNode isNull = node(new SqlNode.Equal(left, new SqlNode.Constant(null, true)), t.at());
                left = not ? node(new SqlNode.Not(isNull), t.at()) : isNull;
            } else {
                return left;
            }
        }
    }

    private SqlNode comparison() {
        SqlNode left = unary();
        while (true) {
            Token t = peek();
            boolean not = t.kind() == Kind.NOT;
            Kind op = not ? peekAfter().kind() : t.kind();
            switch (op) {
                case GT, GE, LT, LE -> {
                    if (not) {
                        throw notWithout();
                    }
                    next++;
                    left = order(orderOp(op), left, unary(), t.at());
                }
                case CONTAINS, STARTSWITH, ENDSWITH -> {
                    next += not ? 2 : 1;
                    String search =
                            expect(Kind.STRING, "a string literal after " + op).text();
                    left = node(new SqlNode.TextTest(textKind(op), left, search, not), t.at());
                }
                case BETWEEN -> {
                    next += not ? 2 : 1;
                    left = between(left, not, t.at());
                }
                case IN -> {
                    next += not ? 2 : 1;
                    left = in(left, not, t.at());
                }
                default -> {
                    if (not) {
                        throw notWithout();
                    }
                    return left;
                }
            }
        }
    }

    /**
     * A NOT after an operand starts NOT BETWEEN / IN / CONTAINS / STARTSWITH / ENDSWITH, also right
     * after a complete expression (where the official parser reads it as such, too).
     */
    private SqlSyntaxException notWithout() {
        Token after = peekAfter();
        return new SqlSyntaxException(
                "expected BETWEEN, IN, CONTAINS, STARTSWITH or ENDSWITH after NOT, found "
                        + (after.kind() == Kind.EOF ? "the end" : "'" + after.text() + "'"),
                after.at());
    }

    private SqlNode unary() {
        Token t = peek();
        if (++depth > DEPTH_MAX) {
            throw error("expression nested deeper than " + DEPTH_MAX);
        }
        try {
            if (accept(Kind.PLUS)) {
                return unary();
            }
            if (accept(Kind.MINUS)) {
                return node(new SqlNode.Negate(unary()), t.at());
            }
            if (accept(Kind.NOT)) {
                int at = peek().at();
                return node(new SqlNode.Not(asBoolean(unary(), at)), t.at());
            }
            return primary();
        } finally {
            depth--;
        }
    }

    private SqlNode primary() {
        Token t = peek();
        next++;
        return switch (t.kind()) {
            case STRING -> new SqlNode.Constant(t.text(), false);
            case INTEGER -> new SqlNode.Constant(SqlLiterals.integer(t), false);
            case DECIMAL -> new SqlNode.Constant(SqlLiterals.decimal(t), false);
            case TRUE -> new SqlNode.Constant(Boolean.TRUE, true);
            case FALSE -> new SqlNode.Constant(Boolean.FALSE, true);
            case NULL -> new SqlNode.Constant(null, true);
            case ID -> new SqlNode.Property(t.text(), slots.computeIfAbsent(t.text(), k -> slots.size()));
            case LPAREN -> {
                SqlNode inner = or();
                expect(Kind.RPAREN, "')'");
                yield inner;
            }
            default -> {
                next--;
                throw error(t.kind() == Kind.EOF ? "unexpected end of expression" : "unexpected '" + t.text() + "'");
            }
        };
    }

    private SqlNode equal(SqlNode left, SqlNode right, int at) {
        if (isNullLiteral(left) || isNullLiteral(right)) {
            throw new SqlSyntaxException("NULL cannot be compared with = or <>; use IS NULL / IS NOT NULL", at);
        }
        if (left instanceof SqlNode.Constant
                && left.isBoolean()
                && right instanceof SqlNode.Constant
                && !right.isBoolean()) {
            throw new SqlSyntaxException("a boolean literal cannot be compared with a non-boolean literal", at);
        }
        return node(new SqlNode.Equal(left, right), at);
    }

    private SqlNode order(SqlNode.Order.Op op, SqlNode left, SqlNode right, int at) {
        requireOrderable(left, at);
        requireOrderable(right, at);
        return node(new SqlNode.Order(op, left, right), at);
    }

    private SqlNode between(SqlNode value, boolean not, int at) {
        SqlNode low = unary();
        expect(Kind.AND, "AND in BETWEEN");
        SqlNode high = unary();
        if (!not && low instanceof SqlNode.Constant lc && high instanceof SqlNode.Constant hc) {
            SqlLiterals.checkBetweenBounds(lc.value, hc.value, at);
        }
        List<SqlNode> parts = not
                ? List.of(order(SqlNode.Order.Op.LT, value, low, at), order(SqlNode.Order.Op.GT, value, high, at))
                : List.of(order(SqlNode.Order.Op.GE, value, low, at), order(SqlNode.Order.Op.LE, value, high, at));
        return node(new SqlNode.Logic(!not, parts), at);
    }

    private SqlNode in(SqlNode left, boolean not, int at) {
        if (!(left instanceof SqlNode.Property)) {
            throw new SqlSyntaxException("IN needs a property on its left", at);
        }
        expect(Kind.LPAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add(expect(Kind.STRING, "a string literal in the IN list").text());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN, "')' to close the IN list");
        return node(new SqlNode.In(left, Set.copyOf(values), not), at);
    }

    private static void requireOrderable(SqlNode operand, int at) {
        if (operand instanceof SqlNode.Constant c) {
            if (!(c.value instanceof Number)) {
                throw new SqlSyntaxException(
                        "only numbers and properties can be compared with > >= < <= BETWEEN, not " + describe(c), at);
            }
        } else if (operand.isBoolean()) {
            throw new SqlSyntaxException("a boolean expression cannot be compared with > >= < <= BETWEEN", at);
        }
    }

    private SqlNode asBoolean(SqlNode operand, int at) {
        if (operand.isBoolean()) {
            return operand;
        }
        if (operand instanceof SqlNode.Property) {
            return node(new SqlNode.BooleanCast(operand), at);
        }
        throw new SqlSyntaxException("expected a condition, found a value that is not boolean", at);
    }

    private static SqlNode node(SqlNode n, int at) {
        if (n.height() > HEIGHT_MAX) {
            throw new SqlSyntaxException("expression tree taller than " + HEIGHT_MAX, at);
        }
        return n;
    }

    private static boolean isNullLiteral(SqlNode n) {
        return n instanceof SqlNode.Constant c && c.value == null;
    }

    private static String describe(SqlNode.Constant c) {
        return c.value == null ? "NULL" : c.value instanceof String s ? "the string '" + s + "'" : c.value.toString();
    }

    private static SqlNode.Order.Op orderOp(Kind k) {
        return switch (k) {
            case GT -> SqlNode.Order.Op.GT;
            case GE -> SqlNode.Order.Op.GE;
            case LT -> SqlNode.Order.Op.LT;
            default -> SqlNode.Order.Op.LE;
        };
    }

    private static SqlNode.TextTest.Kind textKind(Kind k) {
        return switch (k) {
            case CONTAINS -> SqlNode.TextTest.Kind.CONTAINS;
            case STARTSWITH -> SqlNode.TextTest.Kind.STARTSWITH;
            default -> SqlNode.TextTest.Kind.ENDSWITH;
        };
    }

    /** The next token; text there that is no token is an error now (never earlier). */
    private Token peek() {
        return readable(tokens.get(next));
    }

    private Token peekAfter() {
        return readable(tokens.get(Math.min(next + 1, tokens.size() - 1)));
    }

    private static Token readable(Token t) {
        if (t.kind() == Kind.ERROR) {
            throw new SqlSyntaxException(t.text(), t.at());
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + what + ", found " + (t.kind() == Kind.EOF ? "the end" : "'" + t.text() + "'"));
        }
        next++;
        return t;
    }

    private SqlSyntaxException error(String message) {
        return new SqlSyntaxException(message, peek().at());
    }
}
