package dev.skiff.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random and truncated expressions: compiling never throws anything but {@link
 * SqlSyntaxException}, accepts exactly what the official parser accepts in full, and where both
 * accept, both evaluate alike over random properties. Huge nesting is refused, not recursed into.
 */
@Timeout(60)
class SqlParserFuzzTest {
    private static final List<String> VOCABULARY = List.of(
            "a",
            "b",
            "s",
            "missing",
            ";",
            "/* c */",
            "/*",
            "--",
            "-- c\n",
            "#",
            "'open",
            "TAGS",
            "NOT",
            "AND",
            "OR",
            "BETWEEN",
            "IN",
            "TRUE",
            "FALSE",
            "NULL",
            "IS",
            "CONTAINS",
            "STARTSWITH",
            "ENDSWITH",
            "=",
            "<>",
            ">",
            ">=",
            "<",
            "<=",
            "(",
            ")",
            "(",
            ")",
            ",",
            "+",
            "-",
            "5",
            "0",
            "7L",
            "2.5",
            ".5",
            "1e3",
            "3000000000",
            "'x'",
            "'7'",
            "''",
            "'a''b'",
            "a",
            "b",
            "a > 5",
            "b = 'x'",
            "a IN ('x', '7')",
            "s CONTAINS 'x'");
    private static final List<String> VALUES = List.of("7", "x", "abc", "2.5", "true", "-3", "0", "x y", "NaN", "5");

    @Test
    void randomTokenSequencesAgreeWithTheOfficialParserAndEvaluator() {
        Random random = new Random(20261207L);
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(9);
            for (int k = 0; k < n; k++) {
                sb.append(VOCABULARY.get(random.nextInt(VOCABULARY.size()))).append(' ');
            }
            accepted += checkAgreement(sb.toString().trim(), random) ? 1 : 0;
        }
        assertThat(accepted).as("some random token soups compile").isGreaterThan(250);
    }

    @Test
    void randomGrammaticalExpressionsAgreeWithTheOfficialParserAndEvaluator() {
        Random random = new Random(424242L);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            accepted += checkAgreement(condition(random, 3), random) ? 1 : 0;
        }
        assertThat(accepted).as("most generated expressions compile").isGreaterThan(2_500);
    }

    private static String condition(Random r, int depth) {
        int pick = r.nextInt(depth <= 0 ? 6 : 9);
        return switch (pick) {
            case 0 -> operand(r) + " " + pickOf(r, "=", "<>", ">", ">=", "<", "<=") + " " + operand(r);
            case 1 -> operand(r) + pickOf(r, " ", " NOT ") + "BETWEEN " + operand(r) + " AND " + operand(r);
            case 2 ->
                pickOf(r, "a", "b", "missing") + pickOf(r, " IN ", " NOT IN ") + "('7', 'x'" + pickOf(r, "", ", 'abc'")
                        + ")";
            case 3 -> operand(r) + pickOf(r, " IS NULL", " IS NOT NULL");
            case 4 ->
                operand(r)
                        + pickOf(r, " ", " NOT ")
                        + pickOf(r, "CONTAINS ", "STARTSWITH ", "ENDSWITH ")
                        + pickOf(r, "'x'", "''", "'7'", "'a'");
            case 5 -> pickOf(r, "TRUE", "FALSE", "NULL", "a", "missing");
            case 6 -> condition(r, depth - 1) + pickOf(r, " AND ", " OR ") + condition(r, depth - 1);
            case 7 -> "NOT " + condition(r, depth - 1);
            default -> "(" + condition(r, depth - 1) + ")" + pickOf(r, "", " = TRUE", " <> FALSE");
        };
    }

    private static String operand(Random r) {
        return pickOf(
                r,
                "a",
                "b",
                "s",
                "missing",
                "5",
                "-5",
                "2.5",
                "7",
                "0",
                "'x'",
                "'7'",
                "TRUE",
                "3000000000",
                "-a",
                "+7",
                "NULL",
                "1e1");
    }

    private static String pickOf(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    @Test
    void everyPrefixOfValidExpressionsIsHandled() {
        Random random = new Random(7L);
        List<String> valid = List.of(
                "a > 5 AND b = 'x' OR NOT (s CONTAINS 'y' AND missing IS NOT NULL)",
                "a NOT BETWEEN -1 AND 2.5e1 OR b NOT IN ('x', 'it''s', 'z') AND TRUE",
                "/* c */ (a >= 5) = (b <> 'q') -- tail\n AND s NOT STARTSWITH 'h'",
                "TAGS IN ('TagA') AND a BETWEEN 1 AND 10 AND s ENDSWITH 'd' AND NOT a IS NULL");
        for (String e : valid) {
            assertThat(checkAgreement(e, random)).as(e).isTrue();
            for (int len = 0; len < e.length(); len++) {
                checkAgreement(e.substring(0, len), random);
            }
        }
    }

    @Test
    void randomCharactersOnlyEverGiveSyntaxErrors() {
        Random random = new Random(99L);
        String alphabet = "ab_$ 019.eEL'()<>=+-,*/\n\t;!\"#%&?@[]^{|}~\u00e9\u4e2d\u0000";
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(24)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String e = new String(chars);
            try {
                SqlPredicate p = SqlPredicate.compile(e);
                p.evaluate(name -> VALUES.get(Math.floorMod(name.hashCode(), VALUES.size())));
                assertThat(OfficialFilter.accepts(e))
                        .as("the official parser accepts [%s]", e)
                        .isTrue();
            } catch (SqlSyntaxException expected) {
                assertThat(OfficialFilter.accepts(e))
                        .as("the official parser refuses [%s]", e)
                        .isFalse();
                assertThat(expected.position()).isBetween(0, SqlPredicate.EXPRESSION_MAX_CHARS);
            } catch (RuntimeException | StackOverflowError other) {
                fail("'" + e + "' threw " + other, other);
            }
        }
    }

    @Test
    void hugeNestingIsRefusedWithoutDeepRecursion() {
        assertThatThrownBy(() -> SqlPredicate.compile("(".repeat(100_000)))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> SqlPredicate.compile("(".repeat(10_000) + "a" + ")".repeat(10_000)))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> SqlPredicate.compile("(".repeat(5_000)))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> SqlPredicate.compile("NOT ".repeat(3_000) + "a"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> SqlPredicate.compile("- ".repeat(3_000) + "a > 1"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> SqlPredicate.compile("a = 1" + " = TRUE".repeat(1_000)))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("taller than");
        String nested = "(".repeat(SqlParser.DEPTH_MAX - 1) + "a > 5" + ")".repeat(SqlParser.DEPTH_MAX - 1);
        assertThat(SqlPredicate.compile(nested).test(Map.of("a", "6")::get)).isTrue();
    }

    @Test
    void longFlatConditionsCompileAndEvaluateWithoutDeepRecursion() {
        String and = String.join(" AND ", java.util.Collections.nCopies(1_500, "a > 1"));
        assertThat(and.length()).isLessThan(SqlPredicate.EXPRESSION_MAX_CHARS);
        assertThat(SqlPredicate.compile(and).test(Map.of("a", "2")::get)).isTrue();
        String or = String.join(" OR ", java.util.Collections.nCopies(1_500, "a = 1")) + " OR b = 'x'";
        assertThat(SqlPredicate.compile(or).test(Map.of("a", "2", "b", "x")::get))
                .isTrue();
    }

    /** Returns whether the expression compiled. */
    private static boolean checkAgreement(String e, Random random) {
        boolean skiffAccepts;
        try {
            SqlPredicate.compile(e);
            skiffAccepts = true;
        } catch (SqlSyntaxException expected) {
            skiffAccepts = false;
        } catch (RuntimeException | StackOverflowError other) {
            throw new AssertionError("'" + e + "' threw " + other, other);
        }
        assertThat(skiffAccepts).as("accepts [%s]", e).isEqualTo(OfficialFilter.accepts(e));
        if (skiffAccepts) {
            for (int k = 0; k < 3; k++) {
                Map<String, String> props = new HashMap<>();
                for (String name : List.of("a", "b", "s", "TAGS")) {
                    if (random.nextInt(4) != 0) {
                        props.put(name, VALUES.get(random.nextInt(VALUES.size())));
                    }
                }
                assertThat(OfficialFilter.skiff(e, props))
                        .as("[%s] over %s", e, props)
                        .isEqualTo(OfficialFilter.outcome(e, props));
            }
        }
        return skiffAccepts;
    }
}
