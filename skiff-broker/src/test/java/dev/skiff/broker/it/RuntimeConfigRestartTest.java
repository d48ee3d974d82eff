package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.awaitRoutePerm;
import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.config.RuntimeConfigFile;
import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.retention.RetentionService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-time config changes ({@code mqadmin updateBrokerConfig} through the official admin API)
 * survive a restart of the broker on the same store and config file, through the run-time config
 * file in the store root; a key set back to the config file's value leaves that file.
 */
@Timeout(120)
class RuntimeConfigRestartTest {
    private static final long HOUR_MS = 3_600_000L;

    @TempDir
    Path dir;

    private Path configFile;
    private SkiffTestCluster cluster;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        configFile = dir.resolve("broker.properties");
        Files.writeString(configFile, """
                brokerName=broker-restart
                brokerPermission=6
                fileReservedTime=72
                """);
        cluster = SkiffTestCluster.startWithConfigFile(dir, configFile);
        admin = OfficialClients.admin(cluster, 2000);
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
    void changesSurviveARestartAndAKeySetBackToTheFilesValueLeavesTheRuntimeFile() throws Exception {
        String topic = "RestartPerm";
        createTopic(cluster, topic, 2);
        admin.updateBrokerConfig(cluster.brokerAddr(), properties("brokerPermission", "4", "fileReservedTime", "5"));
        assertThat(runtimeLines()).containsExactly("fileReservedTime=5", "brokerPermission=4");

        cluster.restartBroker();

        Properties now = admin.getBrokerConfig(cluster.brokerAddr());
        assertThat(now.getProperty("brokerPermission")).isEqualTo("4");
        assertThat(now.getProperty("fileReservedTime")).isEqualTo("5");
        assertThat(retention()).isEqualTo(new RetentionService.Schedule(5 * HOUR_MS, 4));
        awaitRoutePerm(admin, topic, perm -> perm == 4);

        admin.updateBrokerConfig(cluster.brokerAddr(), properties("brokerPermission", "6"));
        assertThat(runtimeLines()).containsExactly("fileReservedTime=5");
        awaitRoutePerm(admin, topic, perm -> perm == 6);
        admin.updateBrokerConfig(cluster.brokerAddr(), properties("fileReservedTime", "72"));
        assertThat(runtimeLines()).isEmpty();

        cluster.restartBroker();
        assertThat(admin.getBrokerConfig(cluster.brokerAddr()).getProperty("brokerPermission"))
                .isEqualTo("6");
        assertThat(retention()).isEqualTo(new RetentionService.Schedule(72 * HOUR_MS, 4));
    }

    @Test
    void aBadValueInTheRuntimeFileFailsTheStartNamingTheFileAndKey() throws Exception {
        Files.writeString(runtimeFile(), "brokerPermission=99\n");
        assertThatThrownBy(cluster::restartBroker)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run-time config file " + runtimeFile())
                .hasMessageContaining("key 'brokerPermission'")
                .hasMessageContaining("must be 0..15");

        Files.writeString(runtimeFile(), "brokerPermission=2\n");
        cluster.restartBroker();
        assertThat(cluster.broker().config().brokerPermission()).isEqualTo(2);
    }

    @Test
    void keysThatCannotChangeAtRunTimeAreIgnoredThere() throws Exception {
        Files.writeString(runtimeFile(), "brokerName=renamed\ndefaultTopicQueueNums=9\ndeleteWhen=2\n");
        cluster.restartBroker();

        Properties now = admin.getBrokerConfig(cluster.brokerAddr());
        assertThat(now.getProperty("brokerName")).isEqualTo("broker-restart");
        assertThat(now.getProperty("defaultTopicQueueNums")).isEqualTo("4");
        assertThat(now.getProperty("deleteWhen")).isEqualTo("2");

        admin.updateBrokerConfig(cluster.brokerAddr(), properties("shortPollingTimeMills", "300"));
        assertThat(runtimeLines())
                .as("the ignored keys leave at the next save")
                .containsExactly("deleteWhen=2", "shortPollingTimeMills=300");
    }

    private Path runtimeFile() {
        return dir.resolve("broker").resolve("config").resolve(RuntimeConfigFile.FILE_NAME);
    }

    /** The key=value lines of the run-time config file, comments left out. */
    private List<String> runtimeLines() throws IOException {
        return Files.readAllLines(runtimeFile()).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
    }

    private RetentionService.Schedule retention() {
        return ((DefaultMessageStore) cluster.broker().store()).retentionSchedule();
    }

    /** Properties from key, value, key, value, ... */
    private static Properties properties(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }
}
