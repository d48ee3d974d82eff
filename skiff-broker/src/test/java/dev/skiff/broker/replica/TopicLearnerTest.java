package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.testing.ProcessorBed;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.protocol.body.TopicConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slave records topics it receives in the replicated log; a master never does. */
class TopicLearnerTest {
    @TempDir
    Path dir;

    @Test
    void aSlaveLearnsAnUnknownTopicWithAsManyQueuesAsTheHighestQueueIdSeen() throws Exception {
        try (ProcessorBed bed = new ProcessorBed(dir)) {
            bed.arrivals.forwardTo(new TopicLearner(bed.topics, () -> true, bed.clock));

            bed.put("orders", 2, "a", Map.of());

            TopicConfig learned = bed.topics.get("orders");
            assertThat(learned).isNotNull();
            assertThat(learned.readQueueNums()).isEqualTo(3);
            assertThat(learned.writeQueueNums()).isEqualTo(3);
            assertThat(learned.perm()).isEqualTo(TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);

            bed.put("orders", 5, "b", Map.of()); // a higher queue widens it
            assertThat(bed.topics.get("orders").readQueueNums()).isEqualTo(6);
            bed.put("orders", 1, "c", Map.of()); // a lower one changes nothing
            assertThat(bed.topics.get("orders").readQueueNums()).isEqualTo(6);

            // it is persisted: a reopened table still has it
            TopicConfigTable reopened =
                    TopicConfigTable.open(dir.resolve("topics.json"), bed.clock, 1_000, java.util.List.of());
            assertThat(reopened.get("orders")).isEqualTo(bed.topics.get("orders"));
        }
    }

    @Test
    void aKnownTopicKeepsItsSettingsAndOnlyGrowsItsQueues() throws Exception {
        try (ProcessorBed bed = new ProcessorBed(dir)) {
            bed.topic("known", 2, TopicConfig.PERM_READ);
            bed.arrivals.forwardTo(new TopicLearner(bed.topics, () -> true, bed.clock));

            bed.put("known", 1, "inside", Map.of());
            assertThat(bed.topics.get("known")).isEqualTo(TopicConfig.of("known", 2, 2, TopicConfig.PERM_READ));

            bed.put("known", 3, "beyond", Map.of());
            assertThat(bed.topics.get("known")).isEqualTo(TopicConfig.of("known", 4, 4, TopicConfig.PERM_READ));
        }
    }

    @Test
    void aMasterLearnsNothingSoADeletedTopicStaysDeleted() throws Exception {
        try (ProcessorBed bed = new ProcessorBed(dir)) {
            AtomicBoolean slave = new AtomicBoolean(false);
            bed.arrivals.forwardTo(new TopicLearner(bed.topics, slave::get, bed.clock));

            bed.put("gone", 0, "x", Map.of());
            assertThat(bed.topics.contains("gone")).isFalse();

            slave.set(true); // demoted: from now on it learns
            bed.put("gone", 0, "y", Map.of());
            assertThat(bed.topics.contains("gone")).isTrue();
        }
    }
}
