package dev.skiff.broker.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL92 filter expression into tokens, all at once (the expression is bounded by {@link
 * SqlPredicate#EXPRESSION_MAX_CHARS}, so the list is too).
 *
 * <p>Tokens: the keywords {@code NOT AND OR BETWEEN IN TRUE FALSE NULL IS CONTAINS STARTSWITH
 * ENDSWITH} (any case); identifiers {@code [A-Za-z_$][A-Za-z0-9_$]*} (case kept); integers {@code 0}
 * or {@code [1-9][0-9]*} with an optional {@code L}; decimals {@code 1.5 1. .5 1e3 1.5E-3}; strings
 * in single quotes with {@code ''} for a quote; the operators {@code = <> > >= < <= ( ) , + -}.
 * Blanks are space, tab, CR, LF and form feed; {@code /* ... *}{@code /} is a comment, and so is
 * {@code --} up to a line end (a {@code --} with no line end after it is two minus signs). Where
 * two tokens could start at a place, the longer one wins ({@code <>} over {@code <}, {@code 1.5}
 * over {@code 1}), and a number is never glued to a following letter: {@code 5abc} is {@code 5}
 * then {@code abc}, which the parser refuses.
 *
 * <p>Text that is no token (an unterminated string or comment, a character such as {@code ;}) ends
 * the list with an {@link Kind#ERROR} token instead of EOF. It is an error only when the parser
 * looks at it: the official parser reads tokens one at a time and stops after a complete
 * expression, so bad text after the first token that cannot continue the expression is never read
 * there either.
 */
final class SqlLexer {
    enum Kind {
        NOT,
        AND,
        OR,
        BETWEEN,
        IN,
        TRUE,
        FALSE,
        NULL,
        IS,
        CONTAINS,
        STARTSWITH,
        ENDSWITH,
        INTEGER,
        DECIMAL,
        STRING,
        ID,
        EQ,
        NE,
        GT,
        GE,
        LT,
        LE,
        LPAREN,
        COMMA,
        RPAREN,
        PLUS,
        MINUS,
        EOF,
        /** Text that is no token; always the last, instead of EOF. */
        ERROR
    }

    /** One token: its kind, its text (a string literal's value, unquoted) and where it starts. */
    record Token(Kind kind, String text, int at) {}

    private static final Kind[] KEYWORDS = {
        Kind.NOT,
        Kind.AND,
        Kind.OR,
        Kind.BETWEEN,
        Kind.IN,
        Kind.TRUE,
        Kind.FALSE,
        Kind.NULL,
        Kind.IS,
        Kind.CONTAINS,
        Kind.STARTSWITH,
        Kind.ENDSWITH
    };

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private SqlLexer(String src) {
        this.src = src;
    }

    static List<Token> tokens(String src) {
        SqlLexer lexer = new SqlLexer(src);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        int start = pos;
        try {
            while (skipBlanksAndComments()) {
                start = pos;
                char c = src.charAt(pos);
                if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
                    number();
                } else if (c == '\'') {
                    string();
                } else if (isIdStart(c)) {
                    identifier();
                } else {
                    operator(c);
                }
            }
        } catch (SqlSyntaxException e) {
            // where lexing fails: an error only if the parser gets this far (see the class comment)
            String message = e.getMessage();
            int cut = message.lastIndexOf(" (at character ");
            out.add(new Token(
                    Kind.ERROR,
                    cut >= 0 ? message.substring(0, cut) : message,
                    e.position() >= 0 ? e.position() : start));
            return;
        }
        out.add(new Token(Kind.EOF, "", src.length()));
    }

    /** Returns whether a token follows. */
    private boolean skipBlanksAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (src.startsWith("--", pos) && lineEndAfter(pos + 2) >= 0) {
                pos = lineEndAfter(pos + 2);
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new SqlSyntaxException("unterminated /* comment", pos);
                }
                pos = end + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Where the first line end at or after {@code from} ends, or -1. */
    private int lineEndAfter(int from) {
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                return i + 1 < src.length() && src.charAt(i + 1) == '\n' ? i + 2 : i + 1;
            }
        }
        return -1;
    }

    private void number() {
        int start = pos;
        int i = digitsFrom(pos);
        boolean decimal = false;
        if (i < src.length() && src.charAt(i) == '.') {
            decimal = true;
            i = digitsFrom(i + 1);
            i = exponentFrom(i);
        } else {
            int e = exponentFrom(i);
            decimal = e > i;
            i = e;
        }
        if (decimal) {
            emit(Kind.DECIMAL, src.substring(start, i), start, i);
            return;
        }
        if (src.charAt(start) == '0') {
            emit(Kind.INTEGER, "0", start, start + 1);
            return;
        }
        if (i < src.length() && (src.charAt(i) == 'l' || src.charAt(i) == 'L')) {
            emit(Kind.INTEGER, src.substring(start, i), start, i + 1);
            return;
        }
        emit(Kind.INTEGER, src.substring(start, i), start, i);
    }

    private int digitsFrom(int i) {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of an exponent starting at {@code i}, or {@code i} when there is none. */
    private int exponentFrom(int i) {
        if (i >= src.length() || (src.charAt(i) != 'e' && src.charAt(i) != 'E')) {
            return i;
        }
        int j = i + 1;
        if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
            j++;
        }
        int end = digitsFrom(j);
        return end > j ? end : i;
    }

    /**
     * A string literal, longest match first: {@code ''} inside is a quote, but when the text ends
     * before a closing quote, the literal ends at the last quote that could close it (the first of
     * the last {@code ''}), as the official lexer backs off; {@code 'a '' b} is {@code 'a '} then a
     * lone quote.
     */
    private void string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        int i = pos + 1;
        int lastCloseAt = -1;
        int valueAtLastClose = 0;
        while (true) {
            if (i >= src.length()) {
                if (lastCloseAt < 0) {
                    throw new SqlSyntaxException("unterminated string literal", start);
                }
                value.setLength(valueAtLastClose);
                i = lastCloseAt;
                break;
            }
            char c = src.charAt(i);
            if (c == '\'') {
                if (i + 1 < src.length() && src.charAt(i + 1) == '\'') {
                    lastCloseAt = i;
                    valueAtLastClose = value.length();
                    value.append('\'');
                    i += 2;
                    continue;
                }
                break;
            }
            value.append(c);
            i++;
        }
        emit(Kind.STRING, value.toString(), start, i + 1);
    }

    private void identifier() {
        int start = pos;
        int i = pos + 1;
        while (i < src.length() && isIdPart(src.charAt(i))) {
            i++;
        }
        String text = src.substring(start, i);
        String upper = text.toUpperCase(Locale.ROOT);
        Kind kind = Kind.ID;
        for (Kind k : KEYWORDS) {
            if (k.name().equals(upper)) {
                kind = k;
                break;
            }
        }
        emit(kind, text, start, i);
    }

    private void operator(char c) {
        char next = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
        switch (c) {
            case '=' -> emit(Kind.EQ, "=", pos, pos + 1);
            case '<' -> {
                if (next == '>') {
                    emit(Kind.NE, "<>", pos, pos + 2);
                } else if (next == '=') {
                    emit(Kind.LE, "<=", pos, pos + 2);
                } else {
                    emit(Kind.LT, "<", pos, pos + 1);
                }
            }
            case '>' -> {
                if (next == '=') {
                    emit(Kind.GE, ">=", pos, pos + 2);
                } else {
                    emit(Kind.GT, ">", pos, pos + 1);
                }
            }
            case '(' -> emit(Kind.LPAREN, "(", pos, pos + 1);
            case ')' -> emit(Kind.RPAREN, ")", pos, pos + 1);
            case ',' -> emit(Kind.COMMA, ",", pos, pos + 1);
            case '+' -> emit(Kind.PLUS, "+", pos, pos + 1);
            case '-' -> emit(Kind.MINUS, "-", pos, pos + 1);
            default -> throw new SqlSyntaxException("unexpected character '" + printable(c) + "'", pos);
        }
    }

    private void emit(Kind kind, String text, int start, int end) {
        out.add(new Token(kind, text, start));
        pos = end;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdPart(char c) {
        return isIdStart(c) || isDigit(c);
    }
}
