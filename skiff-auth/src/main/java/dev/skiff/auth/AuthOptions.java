package dev.skiff.auth;

import dev.skiff.common.config.ConfigKey;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * The official auth keys of a broker and of a name server, declared once (as {@link ConfigKey}s
 * both list after their own keys) and read into {@link AuthSettings}. Each key checks its own
 * format when a config is built, so a malformed value stops the start with an error naming the key.
 * Formats are described in {@link AuthSettings}; how each server applies them in docs/security.md.
 */
public final class AuthOptions {
    public static final String AUTHENTICATION_ENABLED = "authenticationEnabled";
    public static final String AUTHORIZATION_ENABLED = "authorizationEnabled";
    public static final String INIT_AUTHENTICATION_USER = "initAuthenticationUser";
    public static final String INNER_CLIENT_AUTHENTICATION_CREDENTIALS = "innerClientAuthenticationCredentials";
    public static final String AUTHENTICATION_WHITELIST = "authenticationWhitelist";
    public static final String AUTHORIZATION_WHITELIST = "authorizationWhitelist";

    /** The auth keys in docs order. */
    public static final List<ConfigKey<?>> KEYS = List.of(
            ConfigKey.bool(
                    AUTHENTICATION_ENABLED,
                    false,
                    "requests must be signed by a known user (the official ACL signature); a name server checks"
                            + " only requests that change the registry, route reads stay open (docs/security.md)"),
            ConfigKey.bool(
                    AUTHORIZATION_ENABLED,
                    false,
                    "requests are checked against the user's policies; admin requests, and on a name server"
                            + " registry changes and KV reads, need a super user (docs/security.md)"),
            checked(
                    ConfigKey.string(
                            INIT_AUTHENTICATION_USER,
                            "",
                            "super user created at start when absent, JSON {\"username\":..,\"password\":..}"),
                    AuthSettings::initialUser),
            checked(
                    ConfigKey.string(
                            INNER_CLIENT_AUTHENTICATION_CREDENTIALS,
                            "",
                            "what a broker signs registrations and slave copies with, and a super user on the server"
                                    + " that sets it, JSON {\"accessKey\":..,\"secretKey\":..}"),
                    AuthSettings::innerCredentials),
            checked(
                    ConfigKey.string(
                            AUTHENTICATION_WHITELIST, "", "request codes (comma-separated) served without a signature"),
                    text -> AuthSettings.codes(AUTHENTICATION_WHITELIST, text)),
            checked(
                    ConfigKey.string(
                            AUTHORIZATION_WHITELIST,
                            "",
                            "request codes (comma-separated) served without a policy check"),
                    text -> AuthSettings.codes(AUTHORIZATION_WHITELIST, text)));

    private AuthOptions() {}

    /** Reads the auth keys of {@code props} (absent ones take their defaults; other keys are ignored). */
    public static AuthSettings fromProperties(Properties props) {
        return AuthSettings.parse(
                Boolean.parseBoolean(
                        props.getProperty(AUTHENTICATION_ENABLED, "false").trim()),
                Boolean.parseBoolean(
                        props.getProperty(AUTHORIZATION_ENABLED, "false").trim()),
                props.getProperty(INIT_AUTHENTICATION_USER, ""),
                props.getProperty(INNER_CLIENT_AUTHENTICATION_CREDENTIALS, ""),
                props.getProperty(AUTHENTICATION_WHITELIST, ""),
                props.getProperty(AUTHORIZATION_WHITELIST, ""));
    }

    /** {@code key} refusing a value {@code parser} throws on, with the parser's message. */
    private static ConfigKey<String> checked(ConfigKey<String> key, Function<String, ?> parser) {
        return key.check(v -> problem(parser, v) == null, v -> problem(parser, v));
    }

    private static String problem(Function<String, ?> parser, String value) {
        try {
            parser.apply(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
