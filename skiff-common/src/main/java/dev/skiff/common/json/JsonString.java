package dev.skiff.common.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A JSON string. */
public record JsonString(String value) implements JsonValue {

    public JsonString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String asString() {
        return value;
    }

    @Override
    public long asLong() {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new JsonException("expected an integer but found " + describe());
        }
    }

    @Override
    public double asDouble() {
        try {
            return new BigDecimal(value.trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw new JsonException("expected a number but found " + describe());
        }
    }

    @Override
    public boolean asBoolean() {
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true") || trimmed.equals("1")) {
            return true;
        }
        if (trimmed.equalsIgnoreCase("false") || trimmed.equals("0") || trimmed.isEmpty()) {
            return false;
        }
        throw new JsonException("expected a boolean but found " + describe());
    }

    @Override
    public String describe() {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "...";
        return "string \"" + shown + "\"";
    }
}
