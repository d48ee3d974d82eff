package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official admin API's user and ACL requests (what {@code mqadmin createUser ... listAcl}
 * send) against a broker with authentication on: round trips, the official refusals, and users
 * and policies kept across a restart.
 */
class AuthAdminTest {
    @TempDir
    Path dir;

    private AuthCluster cluster;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        cluster = new AuthCluster(dir);
        admin = cluster.admin(AuthCluster.ADMIN, AuthCluster.ADMIN_SECRET);
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void usersAndAclsRoundTripThroughTheOfficialAdminApi() throws Exception {
        String broker = cluster.brokerAddr();
        admin.createUser(broker, "carol", "carol-secret", "Normal");
        UserInfo carol = admin.getUser(broker, "carol");
        assertThat(carol.getUsername()).isEqualTo("carol");
        assertThat(carol.getUserType()).isEqualTo("Normal");
        assertThat(carol.getUserStatus()).isEqualTo("enable");
        assertThat(admin.listUser(broker, "car"))
                .extracting(UserInfo::getUsername)
                .containsExactly("carol");
        assertThat(admin.listUser(broker, null))
                .extracting(UserInfo::getUsername)
                .contains("admin", "carol");

        admin.createAcl(
                broker,
                "User:carol",
                List.of("Topic:t1", "Group:g*"),
                List.of("Pub", "Sub"),
                List.of("10.0.0.0/8"),
                "Allow");
        admin.updateAcl(broker, "User:carol", List.of("Topic:t2"), List.of("Sub"), List.of(), "Deny");
        AclInfo acl = admin.getAcl(broker, "User:carol");
        assertThat(acl.getSubject()).isEqualTo("User:carol");
        assertThat(acl.getPolicies()).hasSize(1);
        AclInfo.PolicyInfo policy = acl.getPolicies().get(0);
        assertThat(policy.getPolicyType()).isEqualTo("Custom");
        assertThat(policy.getEntries())
                .extracting(AclInfo.PolicyEntryInfo::getResource)
                .containsExactlyInAnyOrder("Topic:t1", "Group:g*", "Topic:t2");
        AclInfo.PolicyEntryInfo t1 = policy.getEntries().stream()
                .filter(e -> e.getResource().equals("Topic:t1"))
                .findFirst()
                .orElseThrow();
        assertThat(t1.getActions()).containsExactlyInAnyOrder("Pub", "Sub");
        assertThat(t1.getSourceIps()).containsExactly("10.0.0.0/8");
        assertThat(t1.getDecision()).isEqualTo("Allow");

        assertThat(admin.listAcl(broker, "carol", null)).hasSize(1);
        assertThat(admin.listAcl(broker, null, "Topic:t2"))
                .extracting(AclInfo::getSubject)
                .containsExactly("User:carol");
        assertThat(admin.listAcl(broker, "nobody", null)).isNullOrEmpty();

        admin.deleteAcl(broker, "User:carol", "Topic:t2");
        assertThat(admin.getAcl(broker, "User:carol").getPolicies().get(0).getEntries())
                .hasSize(2);

        admin.updateUser(broker, "carol", "new-secret", null, "disable");
        assertThat(admin.getUser(broker, "carol").getUserStatus()).isEqualTo("disable");
        admin.deleteUser(broker, "carol");
        assertThat(admin.getUser(broker, "carol")).isNull();
    }

    @Test
    void officialRefusalsAreAnsweredWithTheOfficialCodes() throws Exception {
        String broker = cluster.brokerAddr();
        assertThatThrownBy(() ->
                        admin.createAcl(broker, "User:ghost", List.of("Topic:t"), List.of("Pub"), List.of(), "Allow"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION));
        admin.createUser(broker, "dave", "dave-secret", "Normal");
        assertThatThrownBy(() -> admin.createUser(broker, "dave", "again", "Normal"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION));
        assertThatThrownBy(() ->
                        admin.createAcl(broker, "User:dave", List.of("Topic:t"), List.of("Fly"), List.of(), "Allow"))
                .isInstanceOfSatisfying(
                        MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.INVALID_PARAMETER));

        // a normal user may not manage users, even with a grant on every topic and group
        admin.createAcl(broker, "User:dave", List.of("*"), List.of("All"), List.of(), "Allow");
        DefaultMQAdminExt dave = cluster.admin("dave", "dave-secret");
        try {
            assertThatThrownBy(() -> dave.createUser(broker, "eve", "eve-secret", "Super"))
                    .isInstanceOfSatisfying(
                            MQBrokerException.class,
                            e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION));
        } finally {
            dave.shutdown();
        }
        assertThat(admin.getUser(broker, "eve")).isNull();
    }

    @Test
    void usersAndPoliciesSurviveARestart() throws Exception {
        String broker = cluster.brokerAddr();
        admin.createUser(broker, "frank", "frank-secret", "Normal");
        admin.createAcl(broker, "User:frank", List.of("Topic:orders"), List.of("Pub"), List.of(), "Allow");
        admin.shutdown();
        admin = null;

        cluster.restartBroker();
        assertThat(Files.readString(cluster.broker().config().configDir().resolve("auth.json")))
                .contains("frank", "Topic:orders")
                .doesNotContain("inner-secret"); // the inner credentials come from the config, never the file

        admin = cluster.admin(AuthCluster.ADMIN, AuthCluster.ADMIN_SECRET);
        assertThat(admin.getUser(broker, "frank").getUserType()).isEqualTo("Normal");
        AclInfo acl = admin.getAcl(broker, "User:frank");
        assertThat(acl.getPolicies().get(0).getEntries())
                .extracting(AclInfo.PolicyEntryInfo::getResource)
                .containsExactly("Topic:orders");
        // and the restarted broker checks with them: frank's signature is accepted
        assertThat(cluster.broker().auth().store().snapshot().user("frank").password())
                .isEqualTo("frank-secret");
    }
}
