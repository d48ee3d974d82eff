package dev.skiff.auth;

import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.auth.sign.Credentials;
import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.HashSet;
import java.util.Set;

/**
 * The auth keys of a broker or name server, with the official names and formats:
 *
 * <ul>
 *   <li>{@code authenticationEnabled}, {@code authorizationEnabled}: off by default.
 *   <li>{@code initAuthenticationUser}: {@code {"username":"admin","password":"..."}}, created as a
 *       super user when no user of that name exists.
 *   <li>{@code innerClientAuthenticationCredentials}: {@code {"accessKey":"...","secretKey":"..."}};
 *       a super user on this server, and what it signs its own requests with (registration, slave
 *       copies).
 *   <li>{@code authenticationWhitelist}, {@code authorizationWhitelist}: request codes, separated
 *       by commas, that skip the check.
 * </ul>
 */
public record AuthSettings(
        boolean authenticationEnabled,
        boolean authorizationEnabled,
        User initialUser,
        Credentials innerCredentials,
        Set<Integer> authenticationWhitelist,
        Set<Integer> authorizationWhitelist) {

    public static final AuthSettings DISABLED = new AuthSettings(false, false, null, null, Set.of(), Set.of());

    public AuthSettings {
        authenticationWhitelist = Set.copyOf(authenticationWhitelist);
        authorizationWhitelist = Set.copyOf(authorizationWhitelist);
    }

    /** Parses the keys' text values; an error names the key. */
    public static AuthSettings parse(
            boolean authenticationEnabled,
            boolean authorizationEnabled,
            String initAuthenticationUser,
            String innerClientAuthenticationCredentials,
            String authenticationWhitelist,
            String authorizationWhitelist) {
        return new AuthSettings(
                authenticationEnabled,
                authorizationEnabled,
                initialUser(initAuthenticationUser),
                innerCredentials(innerClientAuthenticationCredentials),
                codes("authenticationWhitelist", authenticationWhitelist),
                codes("authorizationWhitelist", authorizationWhitelist));
    }

    /** Keys whose values are secrets: config answers show them as {@code ***}. */
    public static final Set<String> SECRET_KEYS =
            Set.of(AuthOptions.INIT_AUTHENTICATION_USER, AuthOptions.INNER_CLIENT_AUTHENTICATION_CREDENTIALS);

    /** {@code key=value} lines with the values of {@link #SECRET_KEYS} replaced by {@code ***}. */
    public static String maskSecrets(String propertiesText) {
        StringBuilder masked = new StringBuilder(propertiesText.length());
        String[] lines = propertiesText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            boolean secret = eq > 0 && eq < line.length() - 1 && SECRET_KEYS.contains(line.substring(0, eq));
            masked.append(secret ? line.substring(0, eq + 1) + "***" : line);
            if (i < lines.length - 1) {
                masked.append('\n');
            }
        }
        return masked.toString();
    }

    /** The names of the auth keys, shared by broker and name server (declared in {@link AuthOptions}). */
    public static final java.util.List<String> KEYS =
            AuthOptions.KEYS.stream().map(k -> k.name()).toList();

    /** The auth keys set in {@code props} (for a process that runs a name server and a broker from one file). */
    public static java.util.Properties sharedKeys(java.util.Properties props) {
        java.util.Properties shared = new java.util.Properties();
        for (String key : KEYS) {
            String value = props.getProperty(key);
            if (value != null) {
                shared.setProperty(key, value);
            }
        }
        return shared;
    }

    public boolean anyEnabled() {
        return authenticationEnabled || authorizationEnabled;
    }

    /** The inner credentials as a super user, or null. */
    public User innerUser() {
        if (innerCredentials == null) {
            return null;
        }
        return new User(innerCredentials.accessKey(), innerCredentials.secretKey(), UserType.SUPER, UserStatus.ENABLE);
    }

    /** The inner credentials of {@code innerClientAuthenticationCredentials}, or null when empty. */
    static Credentials innerCredentials(String json) {
        try {
            return Credentials.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("innerClientAuthenticationCredentials: " + e.getMessage());
        }
    }

    /** The super user of {@code initAuthenticationUser}, or null when empty. */
    static User initialUser(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonValue value = Json.parse(json);
            if (!(value instanceof JsonObject object)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new User(
                    object.getString("username"), object.getString("password"), UserType.SUPER, UserStatus.ENABLE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("initAuthenticationUser must be JSON like"
                    + " {\"username\":\"...\",\"password\":\"...\"}: " + e.getMessage());
        }
    }

    /** The request codes of a whitelist key. */
    static Set<Integer> codes(String key, String text) {
        Set<Integer> codes = new HashSet<>();
        if (text == null || text.isBlank()) {
            return codes;
        }
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                codes.add(Integer.parseInt(trimmed));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        key + " must list request codes separated by commas: '" + part + "'");
            }
        }
        return codes;
    }
}
