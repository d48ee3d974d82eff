package dev.skiff.remoting.protocol;

import java.util.Map;

/**
 * A typed custom header: a record whose fields map one-to-one onto ext-field keys (the official
 * Java field names). Each header writes itself with explicit code, no reflection, and offers a
 * static {@code decode(HeaderFields)} that validates what it reads.
 *
 * <p>Writing rules, as official peers expect: numbers and booleans as their string form;
 * primitive-like fields always present; optional fields omitted when null.
 */
public interface CommandHeader {

    /** Puts this header's fields into {@code extFields}. */
    void writeTo(Map<String, String> extFields);
}
