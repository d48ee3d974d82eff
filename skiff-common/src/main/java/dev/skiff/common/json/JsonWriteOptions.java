package dev.skiff.common.json;

/**
 * How {@link JsonWriter} prints.
 *
 * @param sortKeys members in key order (numeric keys by value, strings by {@link String#compareTo})
 *     instead of insertion order; fastjson sorts bean properties, and both official forms come out
 *     sorted where it matters
 * @param quoteNumericKeys {@code {"0":"a"}} instead of fastjson's default {@code {0:"a"}}
 * @param largeLongsAsStrings integers beyond ±(2^53−1) as strings, as browser-compatible output does
 * @param escapeNonAscii characters above U+007F as {@code \\uXXXX}
 */
public record JsonWriteOptions(
        boolean sortKeys, boolean quoteNumericKeys, boolean largeLongsAsStrings, boolean escapeNonAscii) {

    /** fastjson's default output: sorted keys, unquoted numeric keys, raw UTF-8. */
    public static final JsonWriteOptions FASTJSON = new JsonWriteOptions(true, false, false, false);

    /**
     * The "standard" form the official 5.5.0 name server sends to clients of version 4.9.4 and
     * later (fastjson2 {@code BrowserCompatible, MapSortField}): quoted numeric keys, large longs
     * as strings; non-ASCII text stays raw UTF-8.
     */
    public static final JsonWriteOptions STANDARD = new JsonWriteOptions(true, true, true, false);

    /** Members in insertion order, otherwise as {@link #FASTJSON}. */
    public static final JsonWriteOptions INSERTION_ORDER = new JsonWriteOptions(false, false, false, false);
}
