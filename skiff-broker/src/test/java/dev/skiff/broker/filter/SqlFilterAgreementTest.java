package dev.skiff.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator, null and missing properties, wrong types and precedence: each row's expected
 * result is written down, and both Skiff's evaluator and the official broker's filter classes must
 * give it. Results: T true, F false, N unknown (null), X evaluation failed (the message does not
 * match), E does not compile.
 */
class SqlFilterAgreementTest {
    static final Map<String, String> P = Map.ofEntries(
            Map.entry("a", "7"),
            Map.entry("b", "x"),
            Map.entry("s", "hello world"),
            Map.entry("n", "abc"),
            Map.entry("d", "2.5"),
            Map.entry("t", "true"),
            Map.entry("neg", "-3"),
            Map.entry("big", "99999999999"),
            Map.entry("z", "0"),
            Map.entry("q", "it's"),
            Map.entry("nan", "NaN"),
            Map.entry("w", " 5"),
            Map.entry("TAGS", "TagA"));

    record Row(String expression, String expected) {
        @Override
        public String toString() {
            return expression + " -> " + expected;
        }
    }

    static List<Row> rows() {
        return List.of(
                // numeric comparisons, a property (a string) against numbers
                new Row("a > 5", "T"),
                new Row("a > 7", "F"),
                new Row("a >= 7", "T"),
                new Row("a < 8", "T"),
                new Row("a <= 6", "F"),
                new Row("a = 7", "T"),
                new Row("a <> 7", "F"),
                new Row("a = 7.0", "T"),
                new Row("a > 5.5", "T"),
                new Row("a = 7.0001", "F"),
                new Row("d > 2", "X"),
                new Row("d > 2.0", "T"),
                new Row("d = 2.50", "T"),
                new Row("big > 5", "X"),
                new Row("big > 5L", "X"),
                new Row("big > 3000000000", "T"),
                new Row("3000000000 > 5", "T"),
                new Row("neg < 0", "T"),
                new Row("neg = -3", "T"),
                new Row("z > -1", "T"),
                new Row("a > 0", "T"),
                new Row("a > -8", "T"),
                new Row("a > +5", "T"),
                new Row("a > - 5", "T"),
                new Row("a > --5", "T"),
                new Row("-a > -8", "N"),
                new Row("a > .5", "T"),
                new Row("a > 5.", "T"),
                new Row("a > 1.5e1", "F"),
                new Row("a > 15E-1", "T"),
                new Row("a > 0.0", "E"),
                new Row("a > 1e400", "E"),
                new Row("a > 9223372036854775807", "F"),
                new Row("a > 9223372036854775808", "E"),
                new Row("a > d", "T"),
                new Row("a > n", "X"),
                new Row("nan > 5", "X"),
                new Row("nan > 5.0", "T"),
                new Row("w > 4", "X"),
                new Row("w > 4.0", "T"),
                new Row("n > 5", "X"),
                new Row("n = 5", "X"),
                new Row("5 = n", "X"),
                new Row("n = 'abc'", "T"),
                // missing properties
                new Row("missing > 5", "N"),
                new Row("missing = 'x'", "N"),
                new Row("'x' = missing", "F"),
                new Row("'x' <> missing", "T"),
                new Row("missing <> 'x'", "N"),
                new Row("missing IS NULL", "T"),
                new Row("a IS NULL", "F"),
                new Row("a IS NOT NULL", "T"),
                new Row("missing IS NOT NULL", "F"),
                new Row("a is not null", "T"),
                new Row("NULL IS NULL", "T"),
                // strings
                new Row("b = 'x'", "T"),
                new Row("b <> 'x'", "F"),
                new Row("b = 'y'", "F"),
                new Row("b > 'a'", "E"),
                new Row("'5' < a", "E"),
                new Row("q = 'it''s'", "T"),
                new Row("TAGS = 'TagA'", "T"),
                new Row("TAGS IN ('TagA', 'TagB')", "T"),
                new Row("A > 5", "N"),
                // errors inside logic: a failed conversion ends the evaluation
                new Row("n = 5 OR b = 'x'", "X"),
                new Row("b = 'x' OR n = 5", "T"),
                new Row("b = 'y' AND n = 5", "F"),
                new Row("n = 5 AND b = 'y'", "X"),
                new Row("NOT (n = 5)", "X"),
                // BETWEEN
                new Row("a BETWEEN 5 AND 10", "T"),
                new Row("a BETWEEN 8 AND 10", "F"),
                new Row("a NOT BETWEEN 8 AND 10", "T"),
                new Row("a NOT BETWEEN 5 AND 10", "F"),
                new Row("a BETWEEN 10 AND 5", "E"),
                new Row("a NOT BETWEEN 10 AND 5", "T"),
                new Row("a BETWEEN -1 AND 7", "T"),
                new Row("a BETWEEN 7 AND 7", "T"),
                new Row("a BETWEEN 1 AND 2.5", "F"),
                new Row("missing BETWEEN 1 AND 2", "N"),
                new Row("a BETWEEN 'a' AND 'b'", "E"),
                new Row("a BETWEEN NULL AND 5", "E"),
                new Row("a BETWEEN 1 AND d", "F"),
                new Row("a between 1 and 10 and b = 'x'", "T"),
                // IN
                new Row("b IN ('x', 'y')", "T"),
                new Row("b NOT IN ('x')", "F"),
                new Row("b NOT IN ('y', 'z')", "T"),
                new Row("missing IN ('x')", "N"),
                new Row("missing NOT IN ('x')", "N"),
                new Row("a IN ('7')", "T"),
                new Row("a IN ('7.0')", "F"),
                new Row("b in ('a', 'b', 'c', 'd', 'e', 'x')", "T"),
                new Row("(b) IN ('x')", "T"),
                new Row("5 IN ('5')", "E"),
                new Row("b IN ()", "E"),
                new Row("b IN (5)", "E"),
                // CONTAINS, STARTSWITH, ENDSWITH
                new Row("s CONTAINS 'world'", "T"),
                new Row("s NOT CONTAINS 'world'", "F"),
                new Row("s CONTAINS 'mars'", "F"),
                new Row("s STARTSWITH 'hello'", "T"),
                new Row("s NOT STARTSWITH 'hello'", "F"),
                new Row("s ENDSWITH 'hello'", "F"),
                new Row("s NOT ENDSWITH 'hello'", "T"),
                new Row("missing CONTAINS 'x'", "F"),
                new Row("missing NOT CONTAINS 'x'", "F"),
                new Row("s CONTAINS ''", "F"),
                new Row("s NOT CONTAINS ''", "F"),
                new Row("a CONTAINS 7", "E"),
                new Row("5 CONTAINS '5'", "F"),
                // booleans and constants
                new Row("TRUE", "T"),
                new Row("FALSE", "F"),
                new Row("NULL", "N"),
                new Row("true and not false", "T"),
                new Row("a", "F"),
                new Row("missing", "N"),
                new Row("NOT a", "T"),
                new Row("NOT missing", "N"),
                new Row("5", "E"),
                new Row("'x'", "E"),
                new Row("-a", "E"),
                new Row("NOT 5", "E"),
                new Row("a AND 5", "E"),
                new Row("t = TRUE", "T"),
                new Row("TRUE = t", "X"),
                new Row("t = 'true'", "T"),
                new Row("t", "F"),
                new Row("b = TRUE", "F"),
                new Row("TRUE = 1", "E"),
                new Row("1 = TRUE", "F"),
                new Row("TRUE = TRUE", "T"),
                new Row("a = NULL", "E"),
                new Row("NULL = a", "E"),
                new Row("a <> NULL", "E"),
                new Row("a > NULL", "E"),
                new Row("a > TRUE", "E"),
                new Row("a > 5 = TRUE", "T"),
                new Row("(a > 5) = (b = 'x')", "T"),
                new Row("a > 1 > 0", "E"),
                new Row("a > (b = 'x')", "E"),
                // precedence
                new Row("b = 'y' AND a = 7 OR a = 7", "T"),
                new Row("b = 'y' AND (a = 7 OR a = 7)", "F"),
                new Row("a = 7 OR b = 'y' AND a = 8", "T"),
                new Row("(a = 7 OR b = 'y') AND a = 8", "F"),
                new Row("NOT b = 'x'", "X"),
                new Row("NOT missing = 'x'", "N"),
                new Row("NOT (b = 'x')", "F"),
                new Row("NOT NOT b = 'x'", "X"),
                new Row("missing = 1 OR a = 7", "T"),
                new Row("missing = 1 OR a = 8", "N"),
                new Row("missing = 1 AND a = 8", "F"),
                new Row("missing = 1 AND a = 7", "N"),
                new Row("NOT (missing = 1 AND a = 7)", "N"),
                // syntax: case, blanks, comments, errors
                new Row("a > 5 and b = 'x'", "T"),
                new Row("  a\t>\n5\r ", "T"),
                new Row("/* c */ a > 5", "T"),
                new Row("a > 5 /* c */", "T"),
                new Row("a > 5 -- c\n", "T"),
                new Row("a > 5 -- c\nAND b = 'x'", "T"),
                new Row("", "E"),
                new Row("   ", "E"),
                new Row("(a > 5", "E"),
                new Row("a >", "E"),
                new Row("a = 1 AND", "E"),
                new Row("a.b > 1", "E"),
                new Row("a > 5 ;", "E"),
                new Row("b = 'x", "E"),
                new Row("a IS 5", "E"),
                new Row("a BETWEEN 1", "E"),
                new Row("a IN 'x'", "E"),
                new Row("a > 5 /* open", "E"),
                new Row("$x_1 IS NULL", "T"),
                new Row("_ IS NULL", "T"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void skiffGivesTheExpectedResult(Row row) {
        assertThat(OfficialFilter.skiff(row.expression(), P)).isEqualTo(row.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theOfficialFilterGivesTheSameResult(Row row) {
        assertThat(OfficialFilter.outcome(row.expression(), P)).isEqualTo(row.expected());
    }

    /**
     * The official parser stops at the first token that cannot continue a complete expression and
     * ignores the rest; Skiff does the same, so every subscription the official broker accepts
     * works unchanged. Text there that is no token is refused by both.
     */
    @ParameterizedTest
    @MethodSource("trailing")
    void whatFollowsACompleteExpressionIsTreatedAsTheOfficialParserTreatsIt(String expression) {
        assertThat(OfficialFilter.acceptsWhole(expression))
                .as("not a whole expression")
                .isFalse();
        assertThat(OfficialFilter.skiff(expression, P)).isEqualTo(OfficialFilter.outcome(expression, P));
    }

    static List<String> trailing() {
        return List.of(
                "a > 5 b = 'x'",
                "a > 5 b",
                "a > 5 )",
                "a > 5 5",
                "a > 007",
                "a > 5 -- no line end",
                "a > 5;",
                "a > 5 ;",
                "a > 5 b ;",
                "a > 5 b /* unterminated",
                "a > 5 /* unterminated",
                "a > 5 b 'unterminated",
                "a > 5 'x' ; #",
                "a > 5 NOT",
                "a > 5 NOT b",
                "a > 5 NOT ;",
                "a > 5 AND",
                "a > 5 OR",
                "a > 5 IS",
                "a > 5 # comment",
                "a > 5 AND b = 'x' c d e",
                "(a > 5) (b = 'x')",
                "a > 5 /* c */ ; ",
                "b = 'x''",
                "b = 'x'' ",
                "b = 'x''' c");
    }

    @Test
    void commentsAfterAnExpressionAreBlanks() {
        for (String e : List.of("a > 5 /* c */", "a > 5 -- c\n", "/* lead */ a > 5", "a > 5\n-- c\r\n")) {
            assertThat(OfficialFilter.acceptsWhole(e)).as(e).isTrue();
            assertThat(OfficialFilter.skiff(e, P)).as(e).isEqualTo("T").isEqualTo(OfficialFilter.outcome(e, P));
        }
    }
}
