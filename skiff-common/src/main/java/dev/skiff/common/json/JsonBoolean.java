package dev.skiff.common.json;

/** {@code true} or {@code false}. */
public enum JsonBoolean implements JsonValue {
    TRUE,
    FALSE;

    public static JsonBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public boolean asBoolean() {
        return this == TRUE;
    }

    @Override
    public String asString() {
        return this == TRUE ? "true" : "false";
    }

    @Override
    public long asLong() {
        return this == TRUE ? 1 : 0;
    }

    @Override
    public String describe() {
        return asString();
    }
}
