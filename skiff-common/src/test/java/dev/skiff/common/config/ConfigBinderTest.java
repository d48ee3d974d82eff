package dev.skiff.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBinderTest {
    enum Mode {
        FAST,
        SAFE
    }

    record Sample(String name, int port, long timeoutMs, boolean enabled, Path home, List<String> peers, Mode mode) {
        Sample {
            if (mode == Mode.FAST && timeoutMs > 1_000) {
                throw new IllegalArgumentException("sample config 'timeoutMs' must be at most 1000 in FAST mode");
            }
        }
    }

    static final ConfigKeys KEYS = ConfigKeys.of(
            "sample config",
            List.of(
                    ConfigKey.string("name", "a", "the name").check(v -> !v.isBlank(), v -> "must not be blank"),
                    ConfigKey.integer("port", 80, 0, 65_535, "the port"),
                    ConfigKey.longKey("timeoutMs", 500, 1, Long.MAX_VALUE, "a timeout")
                            .live(),
                    ConfigKey.bool("enabled", true, "on or off | either").live(),
                    ConfigKey.path("home", Path.of("/tmp/x"), "home dir").documentedDefault("~/x"),
                    ConfigKey.list("peers", List.of(), "peers, a;b"),
                    ConfigKey.enumKey("mode", Mode.class, Mode.SAFE, "the mode")));

    static final ConfigBinder<Sample> BINDER = ConfigBinder.of(Sample.class, KEYS);

    record Dotted(String tlsServerMode, boolean tlsEnable) {}

    @Test
    void aDottedKeyBindsToItsCamelCaseComponent() {
        ConfigBinder<Dotted> binder = ConfigBinder.of(
                Dotted.class,
                ConfigKeys.of(
                        "dotted config",
                        List.of(
                                ConfigKey.string("tls.server.mode", "disabled", "mode"),
                                ConfigKey.bool("tls.enable", false, "client"))));
        Properties p = new Properties();
        p.setProperty("tls.server.mode", "enforcing");
        p.setProperty("tls.enable", "true");
        Dotted bound = binder.bind(p);
        assertThat(bound).isEqualTo(new Dotted("enforcing", true));
        assertThat(binder.toProperties(bound)).containsEntry("tls.server.mode", "enforcing");
        assertThat(ConfigBinder.componentName("tls.server.need.client.auth")).isEqualTo("tlsServerNeedClientAuth");
        assertThatThrownBy(() -> ConfigBinder.of(
                        Dotted.class,
                        ConfigKeys.of(
                                "dotted config",
                                List.of(
                                        ConfigKey.string("tls.serverMode.x", "", "no"),
                                        ConfigKey.bool("tls.enable", false, "client")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tlsServerModeX");
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void absentKeysTakeTheirDefaultsAndValuesRoundTrip() {
        Sample d = BINDER.bind(new Properties());
        assertThat(d).isEqualTo(new Sample("a", 80, 500, true, Path.of("/tmp/x"), List.of(), Mode.SAFE));
        Sample s = BINDER.bind(props("port", " 9 ", "peers", "h1:1; ;h2:2", "mode", "fast", "enabled", "FALSE"));
        assertThat(s.port()).isEqualTo(9);
        assertThat(s.peers()).containsExactly("h1:1", "h2:2");
        assertThat(s.mode()).isEqualTo(Mode.FAST);
        assertThat(s.enabled()).isFalse();
        assertThat(BINDER.bind(BINDER.toProperties(s))).isEqualTo(s);
        assertThat(BINDER.toText(s))
                .isEqualTo("name=a\nport=9\ntimeoutMs=500\nenabled=false\nhome=/tmp/x\npeers=h1:1;h2:2\nmode=FAST\n");
        assertThat(BINDER.differingKeys(d, s)).containsExactly("port", "enabled", "peers", "mode");
        assertThat(KEYS.defaultValues())
                .containsEntry("port", "80")
                .containsEntry("peers", "")
                .containsEntry("mode", "SAFE");
    }

    @Test
    void unknownKeysAreRefusedByName() {
        assertThatThrownBy(() -> BINDER.bind(props("prot", "1", "name", "b", "zz", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sample config key(s): [prot, zz]")
                .hasMessageContaining("known keys: [enabled, home, mode, name, peers, port, timeoutMs]");
    }

    @Test
    void everyValueIsCheckedAgainstItsBoundsWithAMessageNamingTheKey() {
        assertThatThrownBy(() -> BINDER.bind(props("port", "65536")))
                .hasMessage("sample config 'port' must be 0..65535: 65536");
        assertThatThrownBy(() -> BINDER.bind(props("port", "-1")))
                .hasMessage("sample config 'port' must be 0..65535: -1");
        assertThat(BINDER.bind(props("port", "65535")).port()).isEqualTo(65_535);
        assertThatThrownBy(() -> BINDER.bind(props("timeoutMs", "0")))
                .hasMessage("sample config 'timeoutMs' must be at least 1: 0");
        assertThatThrownBy(() -> BINDER.bind(props("port", "eighty")))
                .hasMessage("sample config 'port' is not an integer: 'eighty'");
        assertThatThrownBy(() -> BINDER.bind(props("timeoutMs", "99999999999999999999")))
                .hasMessageContaining("'timeoutMs' is not an integer");
        assertThatThrownBy(() -> BINDER.bind(props("enabled", "yes")))
                .hasMessage("sample config 'enabled' must be true or false: 'yes'");
        assertThatThrownBy(() -> BINDER.bind(props("name", "  "))).hasMessage("sample config 'name' must not be blank");
        assertThatThrownBy(() -> BINDER.bind(props("mode", "slow")))
                .hasMessage("sample config 'mode' must be one of [FAST, SAFE]: 'slow'");
        // cross-key rules stay in the record's constructor
        assertThatThrownBy(() -> BINDER.bind(props("mode", "FAST", "timeoutMs", "2000")))
                .hasMessageContaining("'timeoutMs' must be at most 1000 in FAST mode");
    }

    @Test
    void liveFlagsAndTheDocsTableComeFromTheDescriptors() {
        assertThat(KEYS.liveNames()).containsExactly("timeoutMs", "enabled");
        assertThat(KEYS.get("port").isLive()).isFalse();
        String table = KEYS.markdownTable();
        assertThat(table)
                .startsWith("| key | default | range | live | meaning |\n|---|---|---|---|---|\n")
                .contains("| `timeoutMs` | `500` | >= 1 | yes | a timeout |\n")
                .contains("| `home` | `~/x` |  |  | home dir |\n")
                .contains("| `port` | `80` | 0..65535 |  | the port |\n")
                .contains("| `peers` | (empty) |  |  | peers, a;b |\n")
                .contains("| `mode` | `SAFE` | FAST, SAFE |  | the mode |\n")
                .contains("on or off \\| either");
        String doc = "# t\n<!-- s:start -->\nold\n<!-- s:end -->\ntail\n";
        assertThat(ConfigDocs.withTable(doc, "s", KEYS))
                .isEqualTo("# t\n<!-- s:start -->\n" + table + "<!-- s:end -->\ntail\n");
        assertThatThrownBy(() -> ConfigDocs.withTable("no markers", "s", KEYS))
                .hasMessageContaining("<!-- s:start -->");
    }

    @Test
    void aStaleDocsTableFailsTheCheckUntilRewritten(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("c.md");
        Files.writeString(doc, "# c\n<!-- k:start -->\n| `gone` | |\n<!-- k:end -->\n");
        assertThatThrownBy(() -> ConfigDocs.check(doc, "k", KEYS, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dskiff.docs.write=true");
        ConfigDocs.check(doc, "k", KEYS, true);
        ConfigDocs.check(doc, "k", KEYS, false);
        assertThat(Files.readString(doc)).doesNotContain("gone").contains("| `port` | `80` | 0..65535 |");
    }

    record Mismatched(String name, long port) {}

    @Test
    void aRecordWhoseComponentsDoNotMatchTheKeysIsRefused() {
        ConfigKeys two = ConfigKeys.of(
                "t", List.of(ConfigKey.string("name", "a", "n"), ConfigKey.integer("port", 1, 0, 9, "p")));
        assertThatThrownBy(() -> ConfigBinder.of(Mismatched.class, two))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#1 component port:long vs key port:int");
        assertThatThrownBy(() -> ConfigBinder.of(Sample.class, two))
                .hasMessageContaining("#2 component timeoutMs:long vs key (none)");
        assertThatThrownBy(() ->
                        ConfigKeys.of("t", List.of(ConfigKey.string("a", "", "x"), ConfigKey.string("a", "", "y"))))
                .hasMessageContaining("key 'a' declared twice");
        assertThatThrownBy(() -> ConfigKey.string("bad name", "", "x")).hasMessageContaining("bad config key name");
    }
}
