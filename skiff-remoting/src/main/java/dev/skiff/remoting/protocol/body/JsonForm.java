package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonWriteOptions;

/**
 * The two JSON forms official peers exchange. {@link #DEFAULT} is fastjson's default output
 * (numeric map keys unquoted, {@code {0:"addr"}}); {@link #STANDARD} is what the name server sends
 * for routes to clients of version 4.9.4 or later, or that ask with {@code acceptStandardJsonOnly}
 * (numeric keys quoted, longs beyond 2^53 as strings).
 */
public enum JsonForm {
    DEFAULT(JsonWriteOptions.FASTJSON),
    STANDARD(JsonWriteOptions.STANDARD);

    private final JsonWriteOptions options;

    JsonForm(JsonWriteOptions options) {
        this.options = options;
    }

    public JsonWriteOptions options() {
        return options;
    }
}
