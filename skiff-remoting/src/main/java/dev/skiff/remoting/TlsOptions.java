package dev.skiff.remoting;

import dev.skiff.common.config.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The official {@code tls.*} keys of a server and of the client side of a process, declared once
 * (as {@link ConfigKey}s the broker, name server and controller list among their own keys) and
 * turned into {@link TlsSettings}.
 *
 * <p>Meaning, as in the official servers and client:
 *
 * <ul>
 *   <li>{@code tls.server.mode}: disabled | permissive | enforcing (Skiff's default is disabled).
 *   <li>{@code tls.server.certPath} / {@code tls.server.keyPath}: PEM certificate chain and PKCS#8
 *       key. Without them a server in test mode ({@code tls.test.mode.enable}, default true)
 *       generates a throwaway self-signed certificate; outside test mode it refuses to start.
 *   <li>{@code tls.server.need.client.auth}: none | optional | require; {@code
 *       tls.server.authClient} + {@code tls.server.trustCertPath}: check client certificates
 *       against these PEM certificates (otherwise any client certificate is accepted).
 *   <li>{@code tls.enable}: outgoing connections (to name servers, controllers, other brokers) use
 *       TLS. In test mode the client accepts any server certificate; otherwise {@code
 *       tls.client.authServer} + {@code tls.client.trustCertPath} check it. {@code
 *       tls.client.certPath}/{@code tls.client.keyPath}: the client's own certificate.
 *   <li>{@code tls.config.file}: a properties file whose {@code tls.*} values (all but the mode and
 *       {@code tls.enable}) override the keys; the only place for {@code tls.server.keyPassword}
 *       and {@code tls.client.keyPassword}, so passwords never show in a config dump.
 * </ul>
 *
 * <p>Empty paths mean "not set". Named files are checked when the settings are built, with an
 * error that names the key, so a bad path fails the start, not the first handshake.
 */
public record TlsOptions(
        TlsSettings.Mode serverMode,
        boolean testMode,
        String serverNeedClientAuth,
        String serverCertPath,
        String serverKeyPath,
        String serverKeyPassword,
        boolean serverAuthClient,
        String serverTrustCertPath,
        boolean clientEnable,
        String clientCertPath,
        String clientKeyPath,
        String clientKeyPassword,
        boolean clientAuthServer,
        String clientTrustCertPath) {

    public static final String SERVER_MODE = "tls.server.mode";
    public static final String TEST_MODE_ENABLE = "tls.test.mode.enable";
    public static final String CONFIG_FILE = "tls.config.file";
    public static final String SERVER_NEED_CLIENT_AUTH = "tls.server.need.client.auth";
    public static final String SERVER_CERT_PATH = "tls.server.certPath";
    public static final String SERVER_KEY_PATH = "tls.server.keyPath";
    public static final String SERVER_KEY_PASSWORD = "tls.server.keyPassword";
    public static final String SERVER_AUTH_CLIENT = "tls.server.authClient";
    public static final String SERVER_TRUST_CERT_PATH = "tls.server.trustCertPath";
    public static final String ENABLE = "tls.enable";
    public static final String CLIENT_CERT_PATH = "tls.client.certPath";
    public static final String CLIENT_KEY_PATH = "tls.client.keyPath";
    public static final String CLIENT_KEY_PASSWORD = "tls.client.keyPassword";
    public static final String CLIENT_AUTH_SERVER = "tls.client.authServer";
    public static final String CLIENT_TRUST_CERT_PATH = "tls.client.trustCertPath";

    /** Largest {@code tls.config.file} read; it holds a dozen short lines. */
    private static final long CONFIG_FILE_MAX_BYTES = 64 * 1024;

    /** The keys of a TLS server (and of the test mode and the config file), in docs order. */
    public static final List<ConfigKey<?>> SERVER_KEYS = List.of(
            ConfigKey.of(
                    SERVER_MODE,
                    TlsSettings.Mode.class,
                    TlsSettings.Mode::parse,
                    TlsSettings.Mode::officialName,
                    TlsSettings.Mode.DISABLED,
                    "TLS on the remoting port: disabled (a TLS handshake is refused), permissive (plain and"
                            + " TLS on one port, told apart by the first byte), enforcing (plain refused)"),
            ConfigKey.bool(
                    TEST_MODE_ENABLE,
                    true,
                    "TLS test mode: a server without tls.server.certPath generates a self-signed certificate,"
                            + " a client accepts any server certificate"),
            ConfigKey.string(
                    CONFIG_FILE,
                    "",
                    "properties file whose tls.* values (not the mode nor tls.enable) override these keys; the"
                            + " place for tls.server.keyPassword / tls.client.keyPassword; empty = none"),
            ConfigKey.choice(
                    SERVER_NEED_CLIENT_AUTH,
                    "NONE",
                    List.of("NONE", "OPTIONAL", "REQUIRE"),
                    "whether TLS clients must present a certificate"),
            ConfigKey.string(SERVER_CERT_PATH, "", "PEM certificate chain of the server; empty = none"),
            ConfigKey.string(SERVER_KEY_PATH, "", "PEM (PKCS#8) private key of the server; empty = none"),
            ConfigKey.bool(
                    SERVER_AUTH_CLIENT,
                    false,
                    "check client certificates against tls.server.trustCertPath (else any is accepted)"),
            ConfigKey.string(
                    SERVER_TRUST_CERT_PATH,
                    "",
                    "PEM certificates trusted for client certificates; empty = the JVM's trust store"));

    /** The keys of the client side of a process (outgoing connections), in docs order. */
    public static final List<ConfigKey<?>> CLIENT_KEYS = List.of(
            ConfigKey.bool(
                    ENABLE,
                    false,
                    "outgoing remoting connections (name servers, controllers, a slave's metadata sync) use TLS"
                            + " (not the HA log stream); as the official client's tls.enable"),
            ConfigKey.string(CLIENT_CERT_PATH, "", "PEM certificate chain presented to servers; empty = none"),
            ConfigKey.string(CLIENT_KEY_PATH, "", "PEM (PKCS#8) private key of tls.client.certPath; empty = none"),
            ConfigKey.bool(
                    CLIENT_AUTH_SERVER,
                    false,
                    "outside test mode, check server certificates against tls.client.trustCertPath"),
            ConfigKey.string(
                    CLIENT_TRUST_CERT_PATH,
                    "",
                    "PEM certificates trusted for server certificates; empty = the JVM's trust store"));

    public TlsOptions {
        if (serverMode == null) {
            throw new IllegalArgumentException(SERVER_MODE + " is required");
        }
        TlsSettings.ClientAuth.parse(serverNeedClientAuth);
    }

    /** Every TLS option off. */
    public static TlsOptions disabled() {
        return fromProperties(new Properties());
    }

    /**
     * Reads the {@code tls.*} keys from {@code props} (other keys are ignored; absent ones take
     * their defaults), then the {@code tls.config.file} named there, if any.
     *
     * @throws IllegalArgumentException for a bad value or an unreadable config file, naming it
     */
    public static TlsOptions fromProperties(Properties props) {
        Properties merged = new Properties();
        merged.putAll(props);
        String file = props.getProperty(CONFIG_FILE, "").trim();
        if (!file.isEmpty()) {
            Properties fromFile = readConfigFile(Path.of(file));
            for (String name : fromFile.stringPropertyNames()) {
                if (!name.equals(SERVER_MODE) && !name.equals(ENABLE)) {
                    merged.setProperty(name, fromFile.getProperty(name));
                }
            }
        }
        return new TlsOptions(
                value(merged, SERVER_MODE),
                value(merged, TEST_MODE_ENABLE),
                value(merged, SERVER_NEED_CLIENT_AUTH),
                value(merged, SERVER_CERT_PATH),
                value(merged, SERVER_KEY_PATH),
                merged.getProperty(SERVER_KEY_PASSWORD, ""),
                value(merged, SERVER_AUTH_CLIENT),
                value(merged, SERVER_TRUST_CERT_PATH),
                value(merged, ENABLE),
                value(merged, CLIENT_CERT_PATH),
                value(merged, CLIENT_KEY_PATH),
                merged.getProperty(CLIENT_KEY_PASSWORD, ""),
                value(merged, CLIENT_AUTH_SERVER),
                value(merged, CLIENT_TRUST_CERT_PATH));
    }

    /**
     * The server's settings.
     *
     * @throws IllegalArgumentException naming the key of a missing or unreadable file
     */
    public TlsSettings server() {
        if (serverMode == TlsSettings.Mode.DISABLED) {
            return TlsSettings.disabled();
        }
        Path cert = file(SERVER_CERT_PATH, serverCertPath);
        Path key = file(SERVER_KEY_PATH, serverKeyPath);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(SERVER_CERT_PATH + " and " + SERVER_KEY_PATH + " go together");
        }
        if (cert == null && !testMode) {
            throw new IllegalArgumentException(SERVER_MODE + "=" + serverMode.officialName() + " needs "
                    + SERVER_CERT_PATH + " and " + SERVER_KEY_PATH + " (PEM files), or " + TEST_MODE_ENABLE
                    + "=true for a throwaway self-signed certificate");
        }
        Path trusted = file(SERVER_TRUST_CERT_PATH, serverTrustCertPath);
        return new TlsSettings(
                serverMode,
                cert,
                key,
                blankToNull(serverKeyPassword),
                serverAuthClient,
                trusted,
                TlsSettings.ClientAuth.parse(serverNeedClientAuth),
                cert == null);
    }

    /**
     * The client side's settings: disabled unless {@code tls.enable}.
     *
     * @throws IllegalArgumentException naming the key of a missing or unreadable file
     */
    public TlsSettings client() {
        if (!clientEnable) {
            return TlsSettings.disabled();
        }
        Path cert = file(CLIENT_CERT_PATH, clientCertPath);
        Path key = file(CLIENT_KEY_PATH, clientKeyPath);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(CLIENT_CERT_PATH + " and " + CLIENT_KEY_PATH + " go together");
        }
        boolean verify = !testMode && clientAuthServer;
        Path trusted = verify ? file(CLIENT_TRUST_CERT_PATH, clientTrustCertPath) : null;
        return new TlsSettings(
                TlsSettings.Mode.ENFORCING,
                cert,
                key,
                blankToNull(clientKeyPassword),
                verify,
                trusted,
                TlsSettings.ClientAuth.NONE,
                false);
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Properties props, String name) {
        ConfigKey<?> key = keyNamed(name);
        String text = props.getProperty(name);
        return (T) (text == null ? key.defaultValue() : key.parse("TLS config", text));
    }

    private static ConfigKey<?> keyNamed(String name) {
        for (ConfigKey<?> key : SERVER_KEYS) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        for (ConfigKey<?> key : CLIENT_KEYS) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new IllegalStateException("no TLS key " + name);
    }

    private static Properties readConfigFile(Path file) {
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException(CONFIG_FILE + " is not a readable file: " + file);
            }
            if (Files.size(file) > CONFIG_FILE_MAX_BYTES) {
                throw new IllegalArgumentException(
                        CONFIG_FILE + " is larger than " + CONFIG_FILE_MAX_BYTES + " bytes: " + file);
            }
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            return props;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + CONFIG_FILE + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The path of a file key, null when empty; a named file must be a readable file. */
    private static Path file(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value.trim());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " is not a readable file: " + path);
        }
        return path;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
