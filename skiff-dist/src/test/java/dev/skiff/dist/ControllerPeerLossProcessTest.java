package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost controller peer and a paused master, separate JVMs on 127.0.0.1 (3 controller peers, a
 * name server, three SYNC_MASTER brokers, {@code allAckInSyncStateSet=true}, 3 s heartbeat
 * timeout), with a producer sending throughout:
 *
 * <ol>
 *   <li>SIGKILL a controller peer that does not lead: sends go on, and a failover afterwards (the
 *       master killed) still elects a new master with the two peers left.
 *   <li>SIGSTOP the master for longer than the heartbeat timeout, then SIGCONT: it has been
 *       replaced, and from the moment it runs again every write sent straight to its address is
 *       refused (never SUCCESS); it rejoins as a slave.
 * </ol>
 *
 * Runs with {@code -Dskiff.failover.system=true} (two minutes or more on a loaded machine).
 */
@Timeout(600)
@EnabledIfSystemProperty(named = "skiff.failover.system", matches = "true")
class ControllerPeerLossProcessTest {
    private static final String TOPIC = ControllerQuorumProcessTest.TOPIC;

    @TempDir
    Path dir;

    private ProcessCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            try {
                cluster.printOutputs(".*(now master|now slave|sync-state set|fenced|writes resumed|log cut|leads).*");
                System.out.println("logs kept in " + cluster.keepOutputs("peer-loss"));
            } catch (Exception e) {
                System.out.println("cannot print outputs: " + e);
            }
            cluster.close();
        }
    }

    @Test
    void aLostFollowerPeerDoesNotStopFailoverAndAPausedMasterNeverAcknowledgesAfterItWasReplaced() throws Exception {
        cluster = new ProcessCluster(dir, 3_000);
        cluster.startAll(3, List.of("b0", "b1", "b2"), "allAckInSyncStateSet=true");
        try (FailoverLoad load = new FailoverLoad(cluster.namesrvAddr(), TOPIC, "p")) {
            load.begin();
            assertThat(load.awaitMoreAcks(100, 90_000)).isTrue();
            String first = cluster.brokerAt(load.lastOkPort());

            // 1. a follower peer dies: the quorum (2 of 3) goes on
            String leader = cluster.controllerLeader(30);
            String follower = cluster.controllers().keySet().stream()
                    .filter(id -> !id.equals(leader))
                    .findFirst()
                    .orElseThrow();
            cluster.kill(follower);
            assertThat(load.awaitMoreAcks(100, 30_000)).isTrue();
            long killedAt = System.nanoTime();
            cluster.kill(first);
            long okAt = load.awaitOkElsewhere(killedAt, portOfBroker(first), 40_000);
            assertThat(okAt).as("failover with one peer down").isPositive();
            String second = cluster.brokerAt(load.lastOkPort());
            System.out.println("FAILOVER_MS " + TimeUnit.NANOSECONDS.toMillis(okAt - killedAt) + " " + first + " -> "
                    + second + " with peer " + follower + " down");
            assertThat(second).isNotEqualTo(first);

            // the old master back as a slave, so the group has a third replica for the next step
            cluster.start(first);
            cluster.awaitOutput(first, "now slave of", 180);
            assertThat(load.awaitMoreAcks(100, 30_000)).isTrue();

            // 2. the master pauses past the heartbeat timeout
            int slaveNotices = cluster.count(second, "now slave of");
            long pausedAt = System.nanoTime();
            cluster.pause(second);
            long replacedAt = load.awaitOkElsewhere(pausedAt, portOfBroker(second), 40_000);
            assertThat(replacedAt)
                    .as("a new master while the old one is stopped")
                    .isPositive();
            String third = cluster.brokerAt(load.lastOkPort());
            System.out.println("PAUSE_FAILOVER_MS " + TimeUnit.NANOSECONDS.toMillis(replacedAt - pausedAt) + " "
                    + second + " -> " + third);
            cluster.resume(second);
            // from the first moment it runs again, a write sent straight to it is never acknowledged
            List<Integer> codes = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            for (int i = 0; System.nanoTime() < until && i < 200; i++) {
                try {
                    RemotingCommand r = cluster.client()
                            .invokeSync(
                                    cluster.brokerAddr(second), PartitionClient.directSend(TOPIC, "direct" + i), 3_000);
                    codes.add(r.code());
                } catch (Exception e) {
                    codes.add(-1); // no answer is no acknowledgement either
                }
            }
            System.out.println("DIRECT_SEND_CODES " + codes);
            assertThat(codes).isNotEmpty().doesNotContain(0);
            cluster.awaitOutputCount(second, "now slave of", slaveNotices + 1, 60);
            // and the group still takes writes through the official client
            SendResult r =
                    load.producer().send(new Message(TOPIC, "tag", "last", "last".getBytes(StandardCharsets.UTF_8)));
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(cluster.brokerAt(ControllerFailoverProcessTest.portOf(r.getOffsetMsgId())))
                    .isNotEqualTo(second);
            load.halt();
            ControllerFailoverProcessTest.assertAllIn(cluster.commitLog(third), load.acked());
        }
    }

    private int portOfBroker(String broker) {
        String addr = cluster.brokerAddr(broker);
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }
}
