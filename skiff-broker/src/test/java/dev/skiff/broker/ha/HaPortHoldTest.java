package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class HaPortHoldTest {
    private static final String HOST = "127.0.0.1";

    private static int freePort() throws IOException {
        return dev.skiff.remoting.testing.TestPorts.free();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true); // as Java servers do by default on Linux, and as the HA server does
        s.bind(new InetSocketAddress(HOST, port));
        return s;
    }

    @Test
    void aHeldPortCannotBeTakenByAServerAndRefusesCalls() throws Exception {
        int port = freePort();
        try (HaPortHold hold = HaPortHold.take(HOST, port)) {
            assertThat(hold.held()).isTrue();
            assertThatThrownBy(() -> listen(port).close()).isInstanceOf(BindException.class);
            assertThatThrownBy(() -> new Socket(HOST, port).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void releasedTheHaServerBindsItAndAfterItClosesTheHoldTakesItBack() throws Exception {
        int port = freePort();
        try (HaPortHold hold = HaPortHold.take(HOST, port)) {
            hold.release();
            assertThat(hold.held()).isFalse();
            try (ServerSocket server = listen(port);
                    Socket peer = new Socket(HOST, port)) {
                Socket accepted = server.accept();
                assertThat(peer.isConnected()).isTrue();
                assertThat(accepted.getLocalPort()).isEqualTo(port);
                accepted.close(); // this side closes first: TIME_WAIT on the HA port
            }
            hold.retake();
            assertThat(hold.held()).isTrue();
            assertThatThrownBy(() -> {
                        try (Socket other = new Socket()) {
                            other.bind(new InetSocketAddress(HOST, port)); // no SO_REUSEADDR
                        }
                    })
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void aPortInUseFailsTheTakeNamingIt() throws Exception {
        try (ServerSocket other = listen(0)) {
            int port = other.getLocalPort();
            assertThatThrownBy(() -> HaPortHold.take(HOST, port))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("HA port")
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("haListenPort");
        }
    }

    @Test
    void portZeroIsNotHeld() throws Exception {
        try (HaPortHold hold = HaPortHold.take(HOST, 0)) {
            assertThat(hold.held()).isFalse();
        }
    }
}
