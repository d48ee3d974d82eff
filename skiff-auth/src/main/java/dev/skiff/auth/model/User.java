package dev.skiff.auth.model;

/**
 * One user: the access key is {@code username}, the HMAC secret is {@code password}. Immutable.
 *
 * @param username 1..{@value #NAME_MAX_CHARS} characters, no {@code :} (it separates the subject
 *     key {@code User:name})
 */
public record User(String username, String password, UserType type, UserStatus status) {
    public static final int NAME_MAX_CHARS = 256;
    public static final int PASSWORD_MAX_CHARS = 1024;

    public User {
        requireName(username);
        if (password == null || password.isEmpty() || password.length() > PASSWORD_MAX_CHARS) {
            throw new IllegalArgumentException("password must be 1.." + PASSWORD_MAX_CHARS + " characters");
        }
        if (type == null || status == null) {
            throw new IllegalArgumentException("user type and status are required");
        }
    }

    public static void requireName(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username is blank");
        }
        if (username.length() > NAME_MAX_CHARS || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "username must be at most " + NAME_MAX_CHARS + " characters without ':'");
        }
    }

    public boolean isSuper() {
        return type == UserType.SUPER;
    }

    public boolean isEnabled() {
        return status == UserStatus.ENABLE;
    }

    /** The subject key ACLs are stored under: {@code User:<name>}. */
    public String subjectKey() {
        return Subjects.of(username);
    }

    @Override
    public String toString() {
        return "User[" + username + ", " + type.wireName() + ", " + status.wireName() + "]"; // never the secret
    }
}
