package dev.skiff.auth.model;

import java.util.Locale;

/** Case-insensitive lookup of the wire names the official tools use for the ACL enums. */
final class Names {
    private Names() {}

    static <E extends Enum<E> & Named> E parse(Class<E> type, String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.wireName().toLowerCase(Locale.ROOT).equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'");
    }

    /** An enum with the name it has on the wire and in the stored file. */
    interface Named {
        String wireName();
    }
}
