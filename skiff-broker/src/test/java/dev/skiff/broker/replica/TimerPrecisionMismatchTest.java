package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.broker.timer.TimerCheckpointCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A slave whose {@code timerPrecisionMs} differs from its master's refuses the master's timer
 * checkpoint (the official layout has no slot width, so the dequeue time would be read in the
 * wrong one): nothing is written, one ERROR is logged however many rounds refuse, and the state is
 * visible in the runtime info an official admin reads.
 */
class TimerPrecisionMismatchTest {
    @TempDir
    Path dir;

    @Test
    void aSlaveWithAnotherSlotWidthRefusesTheMastersCheckpointVisibly() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(TimerCheckpointCopy.class);
        logs.start();
        logger.addAppender(logs);
        ReplicaPair pair = ReplicaPair.start(dir, p -> p.setProperty("timerPrecisionMs", "100"));
        try {
            ReplicaPair.await(Duration.ofSeconds(20), () -> pair.master.timer().checkpointForSlave() != null);
            ReplicaPair.await(
                    Duration.ofSeconds(20), () -> pair.slave.timer().copyState().startsWith("REFUSED"));
            assertThat(pair.slave.timer().copyState()).contains("timerPrecisionMs is 1000", "this broker's is 100");
            // several more rounds (500 ms each) refuse, and the ERROR is still logged only once
            ReplicaPair.await(
                    Duration.ofSeconds(20), () -> pair.slave.timer().copyState().contains("(4 checkpoints refused)"));
            assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("not taking the timer checkpoint", "is 1000, this broker's is 100"));
            assertThat(pair.slave.timer().checkpointForSlave())
                    .as("nothing adopted")
                    .isNull();
            assertThat(Files.exists(dir.resolve("broker-1").resolve("timercheck")))
                    .isFalse();

            DefaultMQAdminExt admin = pair.admin();
            try {
                assertThat(admin.fetchBrokerRuntimeStats(pair.slave.address())
                                .getTable()
                                .get("timerCheckpointCopy"))
                        .startsWith("REFUSED: the master's timerPrecisionMs is 1000");
                assertThat(admin.fetchBrokerRuntimeStats(pair.master.address())
                                .getTable()
                                .get("timerCheckpointCopy"))
                        .isEqualTo("none");
            } finally {
                admin.shutdown();
            }
        } finally {
            logger.detachAppender(logs);
            pair.close();
        }
    }
}
