package dev.skiff.common.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed config key, declared once: its name, how its text is parsed and rendered, its
 * default, the bounds every value must keep (a range or a predicate with the sentence that names
 * the rule), a one-line doc, and whether it may change while the process runs. Descriptors are
 * immutable; the modifiers ({@link #live()}, {@link #check}, {@link #documentedDefault}) return
 * copies. A component lists its keys in a {@link ConfigKeys}; a {@link ConfigBinder} reads and
 * renders them.
 *
 * <p>Text forms: values are trimmed before parsing; integers are decimal; booleans are {@code
 * true}/{@code false} in any case; lists are items separated by {@code ;} (blank items dropped).
 *
 * @param <T> the value type (the boxed type for primitives)
 */
public final class ConfigKey<T> {
    private final String name;
    private final Class<?> type;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final T defaultValue;
    private final Predicate<T> valid;
    private final Function<T, String> problem;
    private final String doc;
    private final boolean live;
    private final String documentedDefault;
    private final String range;

    private ConfigKey(
            String name,
            Class<?> type,
            Function<String, T> parser,
            Function<T, String> formatter,
            T defaultValue,
            Predicate<T> valid,
            Function<T, String> problem,
            String doc,
            boolean live,
            String documentedDefault,
            String range) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.]{0,127}")) {
            throw new IllegalArgumentException("bad config key name: " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.valid = valid;
        this.problem = problem;
        this.doc = Objects.requireNonNull(doc, "doc");
        this.live = live;
        this.documentedDefault = documentedDefault;
        this.range = range;
    }

    /** A key of any type, with its own parser (which throws IllegalArgumentException on bad text). */
    public static <T> ConfigKey<T> of(
            String name,
            Class<?> type,
            Function<String, T> parser,
            Function<T, String> formatter,
            T defaultValue,
            String doc) {
        return new ConfigKey<>(name, type, parser, formatter, defaultValue, v -> true, v -> "", doc, false, null, "");
    }

    public static ConfigKey<String> string(String name, String defaultValue, String doc) {
        return of(name, String.class, Function.identity(), Function.identity(), defaultValue, doc);
    }

    /** A string key whose value must be one of {@code choices} (case-insensitive; kept upper-case). */
    public static ConfigKey<String> choice(String name, String defaultValue, List<String> choices, String doc) {
        List<String> allowed = List.copyOf(choices);
        return of(name, String.class, s -> s.toUpperCase(Locale.ROOT), Function.identity(), defaultValue, doc)
                .check(allowed::contains, v -> "must be " + String.join(", ", allowed) + ": '" + v + "'")
                .withRange(String.join(", ", allowed));
    }

    /** An int key bounded by {@code min..max} (inclusive). */
    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return of(name, int.class, ConfigKey::parseInt, String::valueOf, defaultValue, doc)
                .check(v -> v >= min && v <= max, v -> rangeProblem(min, max, Integer.MAX_VALUE, v))
                .withRange(rangeText(min, max, Integer.MAX_VALUE));
    }

    /** A long key bounded by {@code min..max} (inclusive). */
    public static ConfigKey<Long> longKey(String name, long defaultValue, long min, long max, String doc) {
        return of(name, long.class, ConfigKey::parseLong, String::valueOf, defaultValue, doc)
                .check(v -> v >= min && v <= max, v -> rangeProblem(min, max, Long.MAX_VALUE, v))
                .withRange(rangeText(min, max, Long.MAX_VALUE));
    }

    /** An enum key, parsed case-insensitively by constant name. */
    public static <E extends Enum<E>> ConfigKey<E> enumKey(String name, Class<E> type, E defaultValue, String doc) {
        return of(name, type, text -> parseEnum(type, text), Enum::name, defaultValue, doc)
                .withRange(String.join(
                        ", ",
                        Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return of(name, boolean.class, ConfigKey::parseBool, String::valueOf, defaultValue, doc);
    }

    public static ConfigKey<Path> path(String name, Path defaultValue, String doc) {
        return of(name, Path.class, Path::of, Path::toString, defaultValue, doc);
    }

    /** A list of strings written {@code a;b;c}; blank items are dropped. */
    public static ConfigKey<List<String>> list(String name, List<String> defaultValue, String doc) {
        return of(
                name,
                List.class,
                text -> Arrays.stream(text.split(";"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                v -> String.join(";", v),
                List.copyOf(defaultValue),
                doc);
    }

    /** This key, changeable while the process runs. */
    public ConfigKey<T> live() {
        return new ConfigKey<>(
                name, type, parser, formatter, defaultValue, valid, problem, doc, true, documentedDefault, range);
    }

    /** This key with one more rule; {@code problem} says what is wrong, e.g. {@code "must be even: 3"}. */
    public ConfigKey<T> check(Predicate<T> rule, Function<T, String> problemText) {
        Predicate<T> before = valid;
        Function<T, String> beforeProblem = problem;
        return new ConfigKey<>(
                name,
                type,
                parser,
                formatter,
                defaultValue,
                v -> before.test(v) && rule.test(v),
                v -> before.test(v) ? problemText.apply(v) : beforeProblem.apply(v),
                doc,
                live,
                documentedDefault,
                range);
    }

    /** This key with its rules explained in other words, e.g. {@code "must be an hour 0..23: 25"}. */
    public ConfigKey<T> explained(Function<T, String> problemText) {
        return new ConfigKey<>(
                name, type, parser, formatter, defaultValue, valid, problemText, doc, live, documentedDefault, range);
    }

    /** This key with the default the docs show, when the real one depends on the machine (a home dir). */
    public ConfigKey<T> documentedDefault(String text) {
        return new ConfigKey<>(name, type, parser, formatter, defaultValue, valid, problem, doc, live, text, range);
    }

    private ConfigKey<T> withRange(String text) {
        return new ConfigKey<>(
                name, type, parser, formatter, defaultValue, valid, problem, doc, live, documentedDefault, text);
    }

    /** The allowed range as the docs show it ({@code "0..65535"}, {@code ">= 1"}), or empty. */
    public String range() {
        return range;
    }

    public String name() {
        return name;
    }

    /** The Java type the value is bound to (primitive for int, long, boolean). */
    public Class<?> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String defaultText() {
        return formatter.apply(defaultValue);
    }

    /** The default as the docs show it: {@link #documentedDefault} if set, else the default text. */
    public String documentedDefaultText() {
        return documentedDefault != null ? documentedDefault : defaultText();
    }

    public String doc() {
        return doc;
    }

    public boolean isLive() {
        return live;
    }

    /**
     * Parses and checks one value.
     *
     * @param component how errors name the config, e.g. {@code "broker config"}
     * @throws IllegalArgumentException naming the component and the key
     */
    public T parse(String component, String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("'" + name + "'")) {
                throw e; // the parser already named the key
            }
            throw new IllegalArgumentException(component + " '" + name + "' " + message, e);
        }
        return validate(component, value);
    }

    /** Checks a value against this key's rules; returns it. */
    public T validate(String component, T value) {
        if (!valid.test(value)) {
            throw new IllegalArgumentException(component + " '" + name + "' " + problem.apply(value));
        }
        return value;
    }

    /** The text form of a value of this key. */
    @SuppressWarnings("unchecked")
    public String format(Object value) {
        return formatter.apply((T) value);
    }

    @Override
    public String toString() {
        return name + "=" + defaultText() + (live ? " (live)" : "");
    }

    private static String rangeText(long min, long max, long typeMax) {
        return max == typeMax ? ">= " + min : min + ".." + max;
    }

    private static String rangeProblem(long min, long max, long typeMax, Object value) {
        if (max == typeMax) {
            return min == 0 ? "must not be negative: " + value : "must be at least " + min + ": " + value;
        }
        return "must be " + min + ".." + max + ": " + value;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                "must be one of " + Arrays.toString(type.getEnumConstants()) + ": '" + text + "'");
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not an integer: '" + text + "'");
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not an integer: '" + text + "'");
        }
    }

    private static boolean parseBool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false: '" + text + "'");
    }
}
