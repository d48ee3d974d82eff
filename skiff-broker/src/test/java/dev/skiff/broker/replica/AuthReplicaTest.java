package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.model.AuthSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and a slave with authentication and authorization on: the slave's copies are signed
 * with the inner credentials and accepted (topics are super-user reads on the master), and the
 * slave takes the master's users and ACLs.
 */
@Timeout(120)
class AuthReplicaTest {
    @TempDir
    Path dir;

    @Test
    void theSlaveCopiesSignedAndTakesUsersAndAcls() throws Exception {
        Consumer<Properties> auth = p -> {
            p.setProperty("authenticationEnabled", "true");
            p.setProperty("authorizationEnabled", "true");
            p.setProperty(
                    "innerClientAuthenticationCredentials", "{\"accessKey\":\"inner\",\"secretKey\":\"inner-s\"}");
            p.setProperty("initAuthenticationUser", "{\"username\":\"admin\",\"password\":\"admin-s\"}");
        };
        try (ReplicaPair pair = new ReplicaPair(dir)) {
            pair.master = pair.startBroker(0, auth);
            pair.slave = pair.startBroker(1, auth);
            DefaultMQAdminExt admin =
                    new DefaultMQAdminExt(new AclClientRPCHook(new SessionCredentials("admin", "admin-s")), 10_000);
            admin.setNamesrvAddr(pair.namesrv.address());
            admin.setInstanceName("auth-replica-" + System.nanoTime());
            admin.start();
            try {
                String master = pair.master.address();
                admin.createAndUpdateTopicConfig(master, new TopicConfig("secured-topic", 2, 2, 6));
                admin.createUser(master, "bob", "bob-s", "Normal");
                admin.createAcl(master, "User:bob", List.of("Topic:secured-topic"), List.of("Pub"), List.of(), "Allow");

                ReplicaPair.await(
                        Duration.ofSeconds(30), () -> pair.slave.topics().get("secured-topic") != null);
                ReplicaPair.await(Duration.ofSeconds(30), () -> {
                    AuthSnapshot copied = pair.slave.auth().store().stored();
                    return copied.user("bob") != null && copied.acl("User:bob") != null;
                });
                assertThat(pair.slave.auth().store().stored())
                        .isEqualTo(pair.master.auth().store().stored());
                assertThat(pair.slave.auth().store().snapshot().user("bob").password())
                        .isEqualTo("bob-s");
            } finally {
                admin.shutdown();
            }
        }
    }
}
