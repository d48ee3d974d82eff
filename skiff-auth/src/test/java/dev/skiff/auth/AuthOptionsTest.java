package dev.skiff.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.config.ConfigKey;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The auth keys declared once: names and defaults as the official servers, formats checked per key. */
class AuthOptionsTest {
    @Test
    void theSixOfficialKeysWithTheirDefaults() {
        assertThat(AuthOptions.KEYS.stream().map(ConfigKey::name))
                .containsExactly(
                        "authenticationEnabled",
                        "authorizationEnabled",
                        "initAuthenticationUser",
                        "innerClientAuthenticationCredentials",
                        "authenticationWhitelist",
                        "authorizationWhitelist");
        assertThat(AuthOptions.KEYS.stream().map(ConfigKey::defaultText))
                .containsExactly("false", "false", "", "", "", "");
        assertThat(AuthSettings.KEYS)
                .containsExactlyElementsOf(
                        AuthOptions.KEYS.stream().map(ConfigKey::name).toList());
        assertThat(AuthOptions.fromProperties(new Properties())).isEqualTo(AuthSettings.DISABLED);
    }

    @Test
    void eachKeyRefusesAMalformedValueNamingItself() {
        assertThatThrownBy(() -> key("initAuthenticationUser").parse("test config", "[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initAuthenticationUser'")
                .hasMessageContaining("username");
        assertThatThrownBy(() -> key("innerClientAuthenticationCredentials").parse("test config", "{oops"))
                .hasMessageContaining("'innerClientAuthenticationCredentials'");
        assertThatThrownBy(() -> key("authorizationWhitelist").parse("test config", "10,ten"))
                .hasMessageContaining("'authorizationWhitelist'")
                .hasMessageContaining("'ten'");
        assertThat(key("authenticationWhitelist").parse("test config", "10, 11"))
                .isEqualTo("10, 11");
    }

    @Test
    void propertiesAreReadIntoSettings() {
        Properties p = new Properties();
        p.setProperty("authenticationEnabled", "true");
        p.setProperty("initAuthenticationUser", "{\"username\":\"root\",\"password\":\"pw\"}");
        p.setProperty("innerClientAuthenticationCredentials", "{\"accessKey\":\"ak\",\"secretKey\":\"sk\"}");
        p.setProperty("authorizationWhitelist", "10,11");
        p.setProperty("unrelatedKey", "x");
        AuthSettings s = AuthOptions.fromProperties(p);
        assertThat(s.authenticationEnabled()).isTrue();
        assertThat(s.authorizationEnabled()).isFalse();
        assertThat(s.initialUser().username()).isEqualTo("root");
        assertThat(s.innerCredentials().accessKey()).isEqualTo("ak");
        assertThat(s.authorizationWhitelist()).containsExactlyInAnyOrder(10, 11);
        assertThat(s.authenticationWhitelist()).isEmpty();
    }

    private static ConfigKey<?> key(String name) {
        return AuthOptions.KEYS.stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
