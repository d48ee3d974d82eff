package dev.skiff.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.schedule.DelayOffsetTable;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.ManualClock;
import dev.skiff.common.concurrent.ManualScheduler;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.netty.NettyRemotingClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The copier without a master to copy from: it does nothing, or fails without touching the tables. */
@Timeout(30)
class MetadataCopierTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void withoutAMasterARoundDoesNothingAndAnUnreachableOneLeavesTheTablesAlone() throws Exception {
        TopicConfigTable topics = TopicConfigTable.open(
                dir.resolve("topics.json"), clock, 100, SystemTopics.defaults(BrokerConfig.defaults(), 18));
        SubscriptionGroupTable groups = SubscriptionGroupTable.open(dir.resolve("groups.json"), clock, true, 100);
        ConsumerOffsetTable offsets = ConsumerOffsetTable.open(dir.resolve("offsets.json"));
        DelayOffsetTable delays = DelayOffsetTable.open(dir.resolve("delay.json"), 18);
        offsets.commit("g", "t", 0, 5);
        List<String> topicsBefore = topics.names();
        AtomicReference<String> master = new AtomicReference<>();
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults());
                MetadataCopier copier =
                        new MetadataCopier(client, master::get, topics, groups, offsets, delays, scheduler, 50)) {
            assertThat(copier.copyOnce()).isFalse();

            master.set("127.0.0.1:" + closedPort());
            assertThatThrownBy(copier::copyOnce).isInstanceOf(RemotingException.class);
            long failedBefore = copier.failures();
            copier.start();
            assertThat(scheduler.advanceMs(100)).isEqualTo(3); // rounds at 0, 50 and 100 ms
            assertThat(copier.failures() - failedBefore).isEqualTo(3);
            assertThat(scheduler.failures("metadata copy")).isZero(); // counted by the copier, not thrown

            assertThat(copier.rounds()).isZero();
            assertThat(copier.lastCopyMs()).isZero();
            assertThat(topics.names()).isEqualTo(topicsBefore);
            assertThat(offsets.query("g", "t", 0)).isEqualTo(5);
        }
    }

    @Test
    void aNonPositiveIntervalIsRefused() throws Exception {
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            assertThatThrownBy(() -> new MetadataCopier(client, () -> null, null, null, null, null, scheduler, 0))
                    .hasMessageContaining("intervalMs");
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
