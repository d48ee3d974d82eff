package dev.skiff.broker.filter;

import java.io.StringReader;
import java.util.Map;
import org.apache.rocketmq.filter.expression.EvaluationContext;
import org.apache.rocketmq.filter.expression.Expression;
import org.apache.rocketmq.filter.parser.SelectorParser;
import org.apache.rocketmq.filter.parser.SelectorParserConstants;

/**
 * The official broker's SQL92 filter (rocketmq-filter 5.5.0, a test dependency) run the way its
 * pull path runs it, with results spelled like Skiff's: {@code T F N} (unknown) {@code X} (evaluation
 * threw) or {@code E} (does not compile).
 */
final class OfficialFilter {
    private OfficialFilter() {}

    static String outcome(String expression, Map<String, String> properties) {
        Expression compiled;
        try {
            compiled = SelectorParser.parse(expression);
        } catch (Exception | Error e) {
            return "E";
        }
        try {
            Object v = compiled.evaluate(new EvaluationContext() {
                @Override
                public Object get(String name) {
                    return properties.get(name);
                }

                @Override
                public Map<String, Object> keyValues() {
                    return Map.copyOf(properties);
                }
            });
            return v == null ? "N" : Boolean.TRUE.equals(v) ? "T" : "F";
        } catch (Exception e) {
            return "X";
        }
    }

    /**
     * Whether the official broker accepts the expression: its parser reads a complete expression
     * and ignores what follows (the broker compiles with {@code SelectorParser.parse}).
     */
    static boolean accepts(String expression) {
        try {
            SelectorParser.parse(expression);
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }

    /** Whether the official parser accepts the expression with nothing left over. */
    static boolean acceptsWhole(String expression) {
        try {
            SelectorParser parser = new SelectorParser(new StringReader(expression));
            parser.JmsSelector();
            return parser.getNextToken().kind == SelectorParserConstants.EOF;
        } catch (Exception | Error e) {
            return false;
        }
    }

    static String skiff(String expression, Map<String, String> properties) {
        SqlPredicate p;
        try {
            p = SqlPredicate.compile(expression);
        } catch (SqlSyntaxException e) {
            return "E";
        }
        return switch (p.evaluate(properties::get)) {
            case TRUE -> "T";
            case FALSE -> "F";
            case UNKNOWN -> "N";
            case FAILED -> "X";
        };
    }
}
