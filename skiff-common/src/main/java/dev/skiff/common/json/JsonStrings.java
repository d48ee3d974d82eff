package dev.skiff.common.json;

import java.nio.charset.StandardCharsets;

/**
 * Makes the {@code String} for a run of UTF-8 bytes that a {@link JsonCursor} read (a key, a
 * string without escapes, the text of a number). A reader of frames that repeat the same keys and
 * values can hand the cursor a cache that returns the same instance for the same bytes.
 */
@FunctionalInterface
public interface JsonStrings {
    /** A new string for every run. */
    JsonStrings PLAIN = (bytes, offset, length) -> new String(bytes, offset, length, StandardCharsets.UTF_8);

    /** The text of the UTF-8 bytes {@code bytes[offset, offset + length)}. */
    String decode(byte[] bytes, int offset, int length);
}
