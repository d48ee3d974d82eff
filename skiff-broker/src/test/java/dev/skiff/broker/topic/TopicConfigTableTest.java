package dev.skiff.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.body.TopicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicConfigTableTest {
    /** Room for the system topics plus a few of the test's own. */
    private static final int TOPICS_MAX = 12;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private TopicConfigTable open(BrokerConfig config) throws Exception {
        return TopicConfigTable.open(dir.resolve("topics.json"), clock, TOPICS_MAX, SystemTopics.defaults(config, 18));
    }

    @Test
    void systemTopicsExistAndTheTemplateFollowsAutoCreate() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        assertThat(table.get("TBW102").perm()).isEqualTo(7);
        assertThat(table.get("SCHEDULE_TOPIC_XXXX").writeQueueNums()).isEqualTo(18);
        TopicConfigTable reopened = open(BrokerConfig.defaults().with("autoCreateTopicEnable", "false"));
        assertThat(reopened.get("TBW102").perm()).isEqualTo(6);
        assertThat(reopened.createFromTemplate("T1", "TBW102", 4, 0)).isNull();
    }

    @Test
    void autoCreationTakesTheSmallerQueueCountAndDropsInherit() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        TopicConfig created = table.createFromTemplate("Orders", "TBW102", 8, 0);
        assertThat(created.writeQueueNums()).isEqualTo(4);
        assertThat(created.perm()).isEqualTo(6);
        assertThat(table.createFromTemplate("Other", "NoTemplate", 4, 0)).isNull();
    }

    @Test
    void replaceAllMakesTheTableEqualToTheCopyPersistsOnceAndRefusesOneOverTheLimit() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        table.createOrUpdate(TopicConfig.of("Gone", 1, 1, 6));
        table.createOrUpdate(TopicConfig.of("Kept", 1, 1, 6));
        List<String> seen = new ArrayList<>();
        table.addListener(t -> seen.add(t.topicName()));
        long before = table.dataVersion().counter();
        Map<String, TopicConfig> copy = new LinkedHashMap<>();
        table.all().forEach(t -> copy.put(t.topicName(), t));
        copy.remove("Gone");
        copy.put("New", TopicConfig.of("New", 2, 2, 6));

        table.replaceAll(copy);

        assertThat(table.names()).contains("Kept", "New").doesNotContain("Gone").hasSize(copy.size());
        assertThat(seen).containsExactlyInAnyOrder("Gone", "New");
        assertThat(table.dataVersion().counter()).isEqualTo(before + 1);
        assertThat(open(BrokerConfig.defaults()).get("New").readQueueNums()).isEqualTo(2);

        table.replaceAll(copy); // nothing changes: no new version
        assertThat(table.dataVersion().counter()).isEqualTo(before + 1);

        Map<String, TopicConfig> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < TOPICS_MAX + 1; i++) {
            tooMany.put("T" + i, TopicConfig.of("T" + i, 1, 1, 6));
        }
        assertThatThrownBy(() -> table.replaceAll(tooMany)).hasMessageContaining("topic limit");
        assertThat(table.names())
                .containsExactlyElementsOf(copy.keySet().stream().sorted().toList());
    }

    @Test
    void changesPersistBumpTheVersionAndNotify() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        List<String> seen = new ArrayList<>();
        table.addListener(t -> seen.add(t.topicName()));
        long before = table.dataVersion().counter();
        table.createOrUpdate(TopicConfig.of("A", 2, 2, 6));
        table.delete("A");
        table.createOrUpdate(TopicConfig.of("B", 3, 3, 6));
        assertThat(table.dataVersion().counter()).isEqualTo(before + 3);
        assertThat(seen).containsExactly("A", "A", "B");
        TopicConfigTable reopened = open(BrokerConfig.defaults());
        assertThat(reopened.get("B").readQueueNums()).isEqualTo(3);
        assertThat(reopened.get("A")).isNull();
        assertThat(reopened.dataVersion()).isEqualTo(table.dataVersion());
    }

    @Test
    void theStateVersionIsSetPersistedAndKeptByLaterChanges() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        long counter = table.dataVersion().counter();
        assertThat(table.dataVersion().stateVersion()).isZero();
        table.setStateVersion(3);
        assertThat(table.dataVersion().stateVersion()).isEqualTo(3);
        assertThat(table.dataVersion().counter()).isEqualTo(counter + 1);
        table.createOrUpdate(TopicConfig.of("After", 1, 1, 6));
        assertThat(table.dataVersion().stateVersion()).isEqualTo(3);
        assertThat(table.snapshot().dataVersion().stateVersion()).isEqualTo(3);
        assertThat(open(BrokerConfig.defaults()).dataVersion().stateVersion()).isEqualTo(3);
    }

    @Test
    void theTopicLimitIsEnforced() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        int room = TOPICS_MAX - table.size();
        for (int i = 0; i < room; i++) {
            table.ensure("T" + i, 1, 6, 0);
        }
        assertThatThrownBy(() -> table.ensure("OneTooMany", 1, 6, 0)).hasMessageContaining("limit");
    }

    @Test
    void aListIsStoredWithOneVersionAndRefusedWholeOverTheLimit() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        List<String> seen = new ArrayList<>();
        table.addListener(t -> seen.add(t.topicName()));
        long before = table.dataVersion().counter();
        table.createOrUpdateAll(List.of(TopicConfig.of("L1", 4, 4, 6), TopicConfig.of("L2", 2, 2, 6)));
        assertThat(table.dataVersion().counter()).isEqualTo(before + 1);
        assertThat(seen).containsExactly("L1", "L2");
        assertThat(open(BrokerConfig.defaults()).get("L2").writeQueueNums()).isEqualTo(2);

        int room = TOPICS_MAX - table.size();
        List<TopicConfig> tooMany = new ArrayList<>();
        for (int i = 0; i <= room; i++) {
            tooMany.add(TopicConfig.of("Over" + i, 1, 1, 6));
        }
        assertThatThrownBy(() -> table.createOrUpdateAll(tooMany)).hasMessageContaining("limit");
        assertThat(table.get("Over0")).as("nothing of a refused list is stored").isNull();
        assertThat(table.dataVersion().counter()).isEqualTo(before + 1);
    }

    @Test
    void aTornTopicsFileIsReplacedByItsBackupAtOpen() throws Exception {
        TopicConfigTable table = open(BrokerConfig.defaults());
        table.createOrUpdate(TopicConfig.of("Kept", 2, 2, 6));
        table.createOrUpdate(TopicConfig.of("Lost", 2, 2, 6)); // the backup holds the table before this
        Path file = dir.resolve("topics.json");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2)); // torn mid-write
        TopicConfigTable reopened = open(BrokerConfig.defaults());
        assertThat(reopened.get("Kept")).isNotNull();
        assertThat(reopened.get("Lost")).isNull();
    }

    @Test
    void namesAreChecked() {
        assertThat(SystemTopics.checkTopicName("Good_Topic-1")).isNull();
        assertThat(SystemTopics.checkTopicName("bad topic")).contains("letters");
        assertThat(SystemTopics.checkTopicName("x".repeat(128))).contains("127");
        assertThat(SystemTopics.checkTopicName("%RETRY%" + "g".repeat(200))).isNull();
        assertThat(SystemTopics.checkGroupName("")).contains("empty");
    }
}
