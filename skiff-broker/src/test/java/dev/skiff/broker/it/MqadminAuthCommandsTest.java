package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code mqadmin} user and ACL commands, each a separate JVM (the official 5.5.0
 * tools' {@code MQAdminStartup}), against a Skiff broker with authentication and authorization on.
 * The admin signs with the credentials of {@code $ROCKETMQ_HOME/conf/tools.yml}, as the official
 * script does (here {@code -Drocketmq.home.dir}); without that file its requests are unsigned and
 * refused.
 */
@Timeout(300)
class MqadminAuthCommandsTest {
    @TempDir
    Path dir;

    private AuthCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private MqadminCli signedAdmin() throws Exception {
        Path home = dir.resolve("rocketmq-home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(
                home.resolve("conf/tools.yml"),
                "accessKey: " + AuthCluster.ADMIN + "\nsecretKey: " + AuthCluster.ADMIN_SECRET + "\n");
        return MqadminCli.create(dir.resolve("signed"), cluster.namesrvAddr())
                .withJvmOptions("-Drocketmq.home.dir=" + home);
    }

    /**
     * Runs a command, once more when the official admin timed out waiting for the answer (its
     * request timeout is a few seconds; this shared machine is sometimes slower than that). The
     * caller checks the resulting state, not this command's output.
     */
    private static MqadminCli.Result runPatiently(MqadminCli mqadmin, String command, String... args) throws Exception {
        MqadminCli.Result result = mqadmin.run(command, args);
        if (result.stderr().contains("RemotingTimeoutException")) {
            result = mqadmin.run(command, args);
        }
        return result;
    }

    @Test
    void usersAndAclsThroughTheOfficialCommandsAndAnUnsignedAdminRefused() throws Exception {
        cluster = new AuthCluster(dir.resolve("cluster"));
        String broker = cluster.brokerAddr();

        MqadminCli unsigned = MqadminCli.create(dir.resolve("unsigned"), cluster.namesrvAddr());
        MqadminCli.Result refused =
                unsigned.run("createUser", "-b", broker, "-u", "mallory", "-p", "mallory-secret", "-t", "Super");
        assertThat(refused.stdout() + refused.stderr()).contains("authentication required");

        MqadminCli mqadmin = signedAdmin();
        runPatiently(mqadmin, "createUser", "-b", broker, "-u", "alice", "-p", "alice-secret", "-t", "Normal");
        assertThat(mqadmin.runClean("getUser", "-b", broker, "-u", "alice").row("alice"))
                .containsExactly("alice", "alice-secret", "Normal", "enable");

        runPatiently(
                mqadmin,
                "createAcl",
                "-b",
                broker,
                "-s",
                "User:alice",
                "-r",
                "Topic:orders",
                "-a",
                "Pub,Sub",
                "-d",
                "Allow");
        assertThat(mqadmin.runClean("getAcl", "-b", broker, "-s", "User:alice").stdout())
                .contains("User:alice")
                .contains("Topic:orders")
                .contains("Allow");

        runPatiently(mqadmin, "deleteUser", "-b", broker, "-u", "alice");
        String users = mqadmin.runClean("listUser", "-b", broker).stdout();
        assertThat(users).contains(AuthCluster.ADMIN).doesNotContain("alice").doesNotContain("mallory");
    }
}
