package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.SkiffClock;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.testing.TestPorts;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A new slave asks its new master over a real connection on 127.0.0.1. The master records the new
 * epoch before it binds its HA port, so for a moment it answers the new epoch with no HA address:
 * the slave must ask again rather than act on that answer (it used to fail the switch and wait for
 * the next controller round).
 */
@Timeout(60)
class MasterEpochsTest {
    private static final String HA = "127.0.0.1:30911";

    private final AtomicInteger asks = new AtomicInteger();
    private NettyRemotingServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void asksAgainUntilTheMasterNamesTheEpochAndItsHaAddress() throws Exception {
        // asks 1-2: the old list; 3-5: the new epoch but no HA port yet; 6 on: both
        String addr = master(
                n -> n <= 2 ? answer(List.of(1), "") : n <= 5 ? answer(List.of(1, 2), "") : answer(List.of(1, 2), HA));
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            EpochCacheRequest.Reply got = new MasterEpochs(client, SkiffClock.system()).await(addr, 2, 10_000);
            assertThat(got.names(2)).isTrue();
            assertThat(got.haServerAddr()).isEqualTo(HA);
            assertThat(got.epochs().epochs()).extracting(EpochEntry::epoch).containsExactly(1, 2);
            assertThat(asks.get()).isEqualTo(6);
        }
    }

    @Test
    void aMasterThatNeverRecordsTheEpochLeavesItsLastAnswerAtTheEndOfTheWait() throws Exception {
        String addr = master(n -> answer(List.of(1), HA));
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            long start = System.nanoTime();
            EpochCacheRequest.Reply got = new MasterEpochs(client, SkiffClock.system()).await(addr, 2, 400);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .isGreaterThanOrEqualTo(390); // the wait ends on the wall clock
            assertThat(got.names(2)).isFalse();
            assertThat(got.haServerAddr()).isEqualTo(HA);
            // the pause doubles from 5 ms to at most 100 ms: about 8 asks in 400 ms, never a busy poll
            assertThat(asks.get()).isBetween(2, 40);
        }
    }

    @Test
    void noAnswerAtAllIsAnError() throws Exception {
        String nobody = "127.0.0.1:" + TestPorts.free();
        try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            assertThatThrownBy(() -> new MasterEpochs(client, SkiffClock.system()).await(nobody, 2, 300))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no epoch list from master " + nobody);
        }
    }

    private String master(IntFunction<Object[]> script) throws Exception {
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        Object[][] current = new Object[1][];
        ControllerModeProcessor processor = new ControllerModeProcessor(
                info -> {},
                () -> {
                    current[0] = script.apply(asks.incrementAndGet());
                    return (EpochCache) current[0][0];
                },
                () -> (String) current[0][1]);
        server.registerProcessor(ControllerModeProcessor.GET_BROKER_EPOCH_CACHE, processor, null);
        return "127.0.0.1:" + server.start().getPort();
    }

    private static Object[] answer(List<Integer> epochs, String ha) {
        List<EpochEntry> entries =
                epochs.stream().map(e -> new EpochEntry(e, e * 1_000L)).toList();
        return new Object[] {new EpochCache("c", "b", 1, entries, epochs.size() * 1_000L), ha};
    }
}
