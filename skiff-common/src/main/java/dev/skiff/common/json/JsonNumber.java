package dev.skiff.common.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON number held as a {@link Long} (integers that fit), a {@link Double}, or a {@link
 * BigDecimal} (integers beyond 64 bits and decimals with more digits than a double keeps).
 */
public record JsonNumber(Number value) implements JsonValue {

    public JsonNumber {
        Objects.requireNonNull(value, "value");
        if (!(value instanceof Long || value instanceof Double || value instanceof BigDecimal)) {
            throw new IllegalArgumentException(
                    "use JsonNumber.of for " + value.getClass().getName());
        }
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(value);
    }

    /** Normalizes any Java number to one of the three held types. */
    public static JsonNumber of(Number value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new JsonNumber(value.longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return new JsonNumber(value.doubleValue());
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? new JsonNumber(big.longValue()) : new JsonNumber(new BigDecimal(big));
        }
        if (value instanceof BigDecimal decimal) {
            return new JsonNumber(decimal);
        }
        if (value instanceof java.util.concurrent.atomic.AtomicLong
                || value instanceof java.util.concurrent.atomic.AtomicInteger) {
            return new JsonNumber(value.longValue());
        }
        return new JsonNumber(new BigDecimal(value.toString()));
    }

    public boolean isIntegral() {
        if (value instanceof Long) {
            return true;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0;
        }
        double d = value.doubleValue();
        return d == Math.rint(d) && !Double.isInfinite(d);
    }

    @Override
    public long asLong() {
        if (value instanceof Long l) {
            return l;
        }
        if (!isIntegral()) {
            throw new JsonException("expected an integer but found " + describe());
        }
        try {
            return new BigDecimal(value.toString()).longValueExact();
        } catch (ArithmeticException e) {
            throw new JsonException("integer out of 64-bit range: " + text());
        }
    }

    @Override
    public double asDouble() {
        return value.doubleValue();
    }

    @Override
    public boolean asBoolean() {
        return value.doubleValue() != 0;
    }

    @Override
    public String asString() {
        return text();
    }

    /** The number as the writer prints it. */
    public String text() {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : d.toString();
        }
        return value.toString();
    }

    @Override
    public String describe() {
        return "number " + text();
    }
}
