package dev.skiff.common.json;

/** {@code null}. Object members with this value are omitted by the writer, as fastjson does. */
public enum JsonNull implements JsonValue {
    INSTANCE;

    @Override
    public boolean isNull() {
        return true;
    }

    @Override
    public String describe() {
        return "null";
    }
}
