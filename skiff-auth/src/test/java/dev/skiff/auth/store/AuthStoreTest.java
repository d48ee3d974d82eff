package dev.skiff.auth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthStoreTest {
    @TempDir
    Path dir;

    private static final String ACL_JSON = "{\"subject\":\"User:alice\",\"policies\":[{\"policyType\":\"Custom\","
            + "\"entries\":[{\"resource\":\"Topic:orders\",\"actions\":[\"Pub\",\"sub\"],"
            + "\"sourceIps\":[\"10.0.0.0/8\"],\"decision\":\"Allow\"}]}]}";

    @Test
    void usersAndAclsSurviveAReopen() throws Exception {
        Path file = dir.resolve("auth.json");
        AuthStore store = AuthStore.open(file, List.of());
        User alice = new User("alice", "secret", UserType.NORMAL, UserStatus.ENABLE);
        Acl acl = AuthJson.acl(Json.parseObject(ACL_JSON.getBytes(StandardCharsets.UTF_8)), null);
        store.update(s -> AuthStore.withAcl(AuthStore.withUser(s, alice), acl));

        AuthStore reopened = AuthStore.open(file, List.of());
        assertThat(reopened.snapshot().user("alice")).isEqualTo(alice);
        assertThat(reopened.snapshot().acl("User:alice")).isEqualTo(acl);
        assertThat(Json.write(AuthJson.acl(reopened.snapshot().acl("User:alice"))))
                .contains("\"resource\":\"Topic:orders\"", "\"Pub\"", "\"Sub\"", "10.0.0.0/8", "\"Allow\"");
    }

    @Test
    void aRefusedChangeLeavesEverythingAsItWas() throws Exception {
        Path file = dir.resolve("auth.json");
        AuthStore store = AuthStore.open(file, List.of());
        store.update(s -> AuthStore.withUser(s, new User("a", "p", UserType.NORMAL, UserStatus.ENABLE)));
        AuthSnapshot before = store.snapshot();
        byte[] fileBefore = Files.readAllBytes(file);
        assertThatThrownBy(() -> store.update(s -> {
                    throw new AuthStoreException("no");
                }))
                .isInstanceOf(AuthStoreException.class);
        assertThat(store.snapshot()).isSameAs(before);
        assertThat(Files.readAllBytes(file)).isEqualTo(fileBefore);
    }

    @Test
    void configUsersAreSuperUsersThatAreNeverWritten() throws Exception {
        Path file = dir.resolve("auth.json");
        User inner = new User("inner", "k", UserType.SUPER, UserStatus.ENABLE);
        AuthStore store = AuthStore.open(file, List.of(inner));
        store.update(s -> AuthStore.withUser(s, new User("a", "p", UserType.NORMAL, UserStatus.ENABLE)));
        assertThat(store.snapshot().user("inner")).isEqualTo(inner);
        assertThat(store.stored().user("inner")).isNull();
        assertThat(Files.readString(file)).doesNotContain("inner");
        assertThat(store.isConfigUser("inner")).isTrue();
    }

    @Test
    void theInitialUserIsCreatedOnceAsSuperAndKeptAfterChanges() throws Exception {
        Path file = dir.resolve("auth.json");
        AuthStore store = AuthStore.open(file, List.of());
        store.createInitialUser(new User("admin", "first", UserType.NORMAL, UserStatus.ENABLE));
        assertThat(store.snapshot().user("admin").isSuper()).isTrue();
        store.update(s -> AuthStore.withUser(s, new User("admin", "changed", UserType.SUPER, UserStatus.ENABLE)));
        AuthStore reopened = AuthStore.open(file, List.of());
        reopened.createInitialUser(new User("admin", "first", UserType.SUPER, UserStatus.ENABLE));
        assertThat(reopened.snapshot().user("admin").password()).isEqualTo("changed");
    }

    @Test
    void badAclBodiesAreRefusedWithAReason() {
        assertThatThrownBy(() -> AuthJson.acl(Json.parseObject("{\"subject\":\"User:a\"}".getBytes()), null))
                .hasMessageContaining("no policies");
        assertThatThrownBy(() -> AuthJson.acl(
                        Json.parseObject(("{\"subject\":\"User:a\",\"policies\":[{\"entries\":[{\"resource\":"
                                        + "\"Topic:t\",\"actions\":[\"Any\"],\"decision\":\"Allow\"}]}]}")
                                .getBytes()),
                        null))
                .hasMessageContaining("Any");
        assertThatThrownBy(() ->
                        AuthJson.acl(Json.parseObject(("{\"subject\":\"Role:a\",\"policies\":[]}").getBytes()), null))
                .hasMessageContaining("User:");
    }
}
