package dev.skiff.remoting.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPortsTest {
    @Test
    void portsAreFreeBelowTheEphemeralRangeAndNeverRepeated() throws Exception {
        int ephemeral = TestPorts.ephemeralStart();
        assertThat(ephemeral).as("start of the ephemeral range").isGreaterThan(TestPorts.LOWEST + 1_000);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = TestPorts.free();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(TestPorts.LOWEST, ephemeral - 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
