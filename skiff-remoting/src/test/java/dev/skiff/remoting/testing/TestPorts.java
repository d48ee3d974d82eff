package dev.skiff.remoting.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers a test starts later (often in another process), so the
 * port is chosen before anything binds it. A port the kernel hands out for {@code bind(0)} lies in
 * its ephemeral range, the same range it takes the local ports of outgoing connections from; on a
 * busy machine one of the test's own connections could take such a port before the server it was
 * meant for binds it (a promoted slave once found its HA port taken that way). So ports come from
 * below the ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 when unknown),
 * at random, checked free by a bind, and never handed out twice by one JVM.
 */
public final class TestPorts {
    static final int LOWEST = 15_000;
    private static final int TRIES = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private TestPorts() {}

    /** A port free now on 127.0.0.1, outside the ephemeral range, not returned before by this JVM. */
    public static int free() throws IOException {
        int below = ephemeralStart();
        for (int i = 0; i < TRIES && below > LOWEST; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.contains(port) || !bindable(port)) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // a crowded range: the kernel's pick
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int ephemeralStart() {
        // read as a stream: on JDK 25 Files.readString of this procfs file returned only "3"
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] range = in.readLine().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
