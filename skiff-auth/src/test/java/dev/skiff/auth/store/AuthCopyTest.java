package dev.skiff.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.admin.AuthAdminProcessor;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.common.concurrent.BoundedExecutors;
import dev.skiff.common.json.Json;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A slave's copy of users and ACLs over real sockets, through the master's management codes. */
@Timeout(30)
class AuthCopyTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = BoundedExecutors.fixed("test-admin", 1, 16);
    private NettyRemotingServer server;
    private NettyRemotingClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
        pool.shutdownNow();
    }

    @Test
    void theSlaveTakesTheMastersUsersAndAclsAndFollowsChanges() throws Exception {
        User inner = new User("inner", "s", UserType.SUPER, UserStatus.ENABLE);
        AuthStore master = AuthStore.open(dir.resolve("master.json"), List.of(inner));
        master.update(s -> AuthStore.withUser(s, new User("alice", "a", UserType.NORMAL, UserStatus.ENABLE)));
        master.update(s -> AuthStore.withAcl(
                s,
                AuthJson.acl(
                        Json.parseObject(("{\"subject\":\"User:alice\",\"policies\":[{\"entries\":[{\"resource\":"
                                        + "\"Topic:t\",\"actions\":[\"Pub\"],\"decision\":\"Allow\"}]}]}")
                                .getBytes(StandardCharsets.UTF_8)),
                        null)));
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        AuthAdminProcessor processor = new AuthAdminProcessor(master);
        AuthAdminProcessor.codes().forEach(code -> server.registerProcessor(code, processor, pool));
        String address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults().withConnectTimeoutMs(2_000));

        Path slaveFile = dir.resolve("slave.json");
        AuthStore slave = AuthStore.open(slaveFile, List.of(inner));
        AuthCopy copy = new AuthCopy(slave, 1_000);
        assertThat(copy.copyFrom(client, address, 0)).isPositive();
        assertThat(slave.stored()).isEqualTo(master.stored());
        assertThat(slave.snapshot().user("inner")).isEqualTo(inner); // its own config user stays
        assertThat(Files.readString(slaveFile)).contains("alice", "Topic:t").doesNotContain("inner");

        master.update(s -> AuthStore.withoutUser(s, "alice"));
        assertThat(copy.copyFrom(client, address, 500)).isZero(); // not due yet
        assertThat(slave.stored().user("alice")).isNotNull();
        copy.copyFrom(client, address, 1_000);
        assertThat(slave.stored().user("alice")).isNull();
        assertThat(slave.stored().acls()).isEmpty();
    }
}
