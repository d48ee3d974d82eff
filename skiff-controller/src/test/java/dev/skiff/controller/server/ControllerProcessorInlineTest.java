package dev.skiff.controller.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.controller.liveness.BrokerLiveTable;
import dev.skiff.controller.metrics.ControllerRequestStats;
import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import dev.skiff.controller.state.Outcome;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoRequestHeader;
import dev.skiff.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import dev.skiff.remoting.testing.FakeChannel;
import org.junit.jupiter.api.Test;

/**
 * Which requests the controller answers on the I/O thread: heartbeats only (a map update, never
 * dropped by a full request queue), everything that touches Raft on the request threads.
 */
class ControllerProcessorInlineTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final BrokerLiveTable live = new BrokerLiveTable(3_000);
    private final ControllerRequestStats stats = new ControllerRequestStats(clock);
    private final ControllerProcessor processor =
            new ControllerProcessor(new LeaderReplicator(), new ControllerState(), live, clock, null, false, stats);

    @Test
    void aHeartbeatIsRecordedOnTheIoThreadAndCounted() {
        RemotingCommand heartbeat = RemotingCommand.request(
                        ControllerCodes.BROKER_HEARTBEAT,
                        new BrokerHeartbeatRequestHeader(
                                "c", "10.0.0.1:10911", "broker-a", 1L, 2, 100L, 100L, 3_000L, null))
                .markOneway();
        RemotingCommand answer = processor.answerInline(FakeChannel.local(), heartbeat);
        assertThat(answer).isNotNull();
        assertThat(answer.code()).isZero();
        assertThat(live.isAlive("broker-a", 1, clock.nowMs())).isTrue();
        long[] counted = {0};
        stats.forEach((type, counts, latency) -> {
            if (type.contains("HEARTBEAT")) {
                for (long c : counts) {
                    counted[0] += c;
                }
            }
        });
        assertThat(counted[0]).as("the heartbeat is counted in request_total").isEqualTo(1);
    }

    @Test
    void aHeartbeatWithoutABrokerIdIsRefusedInline() {
        RemotingCommand heartbeat = RemotingCommand.request(
                ControllerCodes.BROKER_HEARTBEAT,
                new BrokerHeartbeatRequestHeader("c", "10.0.0.1:10911", "broker-a", null, 2, 100L, 100L, null, null));
        assertThat(processor.answerInline(FakeChannel.local(), heartbeat).code())
                .isEqualTo(ControllerCodes.CONTROLLER_INVALID_REQUEST);
    }

    @Test
    void requestsThatReachRaftGoToTheRequestThreads() {
        RemotingCommand poll = RemotingCommand.request(
                ControllerCodes.CONTROLLER_GET_REPLICA_INFO, new GetReplicaInfoRequestHeader("broker-a"));
        assertThat(processor.answerInline(FakeChannel.local(), poll)).isNull();
    }

    private static final class LeaderReplicator implements Replicator {
        @Override
        public boolean isLeaderReady() {
            return true;
        }

        @Override
        public String leaderId() {
            return "n0";
        }

        @Override
        public String peersText() {
            return "n0";
        }

        @Override
        public String groupName() {
            return "test";
        }

        @Override
        public Outcome submit(Command command) {
            throw new AssertionError("no Raft on the I/O thread: " + command);
        }
    }
}
