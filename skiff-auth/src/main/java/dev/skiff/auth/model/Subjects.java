package dev.skiff.auth.model;

/** Subject keys: {@code User:<name>}, the only subject type of the official ACL. */
public final class Subjects {
    public static final String USER_PREFIX = "User:";

    private Subjects() {}

    public static String of(String username) {
        return USER_PREFIX + username;
    }

    /** The user name of a subject key; refuses other subject types. */
    public static String username(String subjectKey) {
        if (subjectKey == null || !subjectKey.regionMatches(true, 0, USER_PREFIX, 0, USER_PREFIX.length())) {
            throw new IllegalArgumentException("subject must be User:<name>: '" + subjectKey + "'");
        }
        String name = subjectKey.substring(USER_PREFIX.length());
        User.requireName(name);
        return name;
    }
}
