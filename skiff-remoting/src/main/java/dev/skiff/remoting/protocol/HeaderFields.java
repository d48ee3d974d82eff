package dev.skiff.remoting.protocol;

import java.util.Map;

/**
 * Typed, validating reads of a command's ext fields. Parsing follows the official readers:
 * decimal integers, booleans true only for "true" in any case. A required field that is absent
 * or unparsable throws {@link HeaderException} naming the field.
 */
public final class HeaderFields {
    private final Map<String, String> fields;

    public HeaderFields(Map<String, String> fields) {
        this.fields = fields == null ? Map.of() : fields;
    }

    /** The raw value, or {@code null}. */
    public String raw(String name) {
        return fields.get(name);
    }

    public String requiredString(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new HeaderException(name, "is missing");
        }
        return value;
    }

    public String optionalString(String name) {
        return fields.get(name);
    }

    public String optionalString(String name, String defaultValue) {
        String value = fields.get(name);
        return value == null ? defaultValue : value;
    }

    public int requiredInt(String name) {
        return parseInt(name, requiredString(name));
    }

    public int optionalInt(String name, int defaultValue) {
        String value = fields.get(name);
        return value == null ? defaultValue : parseInt(name, value);
    }

    /** An optional int that stays {@code null} when absent (a boxed field on the official side). */
    public Integer optionalInteger(String name) {
        String value = fields.get(name);
        return value == null ? null : parseInt(name, value);
    }

    public long requiredLong(String name) {
        return parseLong(name, requiredString(name));
    }

    public long optionalLong(String name, long defaultValue) {
        String value = fields.get(name);
        return value == null ? defaultValue : parseLong(name, value);
    }

    /** An optional long that stays {@code null} when absent. */
    public Long optionalLongObject(String name) {
        String value = fields.get(name);
        return value == null ? null : parseLong(name, value);
    }

    public boolean requiredBoolean(String name) {
        return Boolean.parseBoolean(requiredString(name));
    }

    public boolean optionalBoolean(String name, boolean defaultValue) {
        String value = fields.get(name);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    /** An optional boolean that stays {@code null} when absent. */
    public Boolean optionalBooleanObject(String name) {
        String value = fields.get(name);
        return value == null ? null : Boolean.parseBoolean(value);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new HeaderException(name, "is not an integer: '" + shorten(value) + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new HeaderException(name, "is not a long integer: '" + shorten(value) + "'");
        }
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
