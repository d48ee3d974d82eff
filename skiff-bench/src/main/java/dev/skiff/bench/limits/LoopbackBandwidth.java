package dev.skiff.bench.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP stream over 127.0.0.1 for a fixed time: a writer thread sends 64 KiB buffers, a reader
 * thread drains them; the figure is bytes received per second. Both ends share the machine's
 * cores with each other, as a client and broker do.
 */
public final class LoopbackBandwidth {
    private static final int BUFFER = 64 << 10;

    private LoopbackBandwidth() {}

    /** MiB per second received over {@code length} (0.1 s .. 10 min). */
    public static double measure(Duration length) throws IOException, InterruptedException {
        if (length.toMillis() < 100 || length.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("length must be 0.1 s .. 10 min: " + length);
        }
        AtomicLong received = new AtomicLong();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress());
                    SocketChannel in = server.accept()) {
                Thread reader = new Thread(
                        () -> {
                            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
                            try {
                                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                                    received.addAndGet(n);
                                    buf.clear();
                                }
                            } catch (IOException closed) {
                                // the writer closed its end: done
                            }
                        },
                        "bench-loopback-reader");
                reader.setDaemon(true);
                reader.start();
                ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
                long start = System.nanoTime();
                long deadline = start + length.toNanos();
                long startBytes = -1;
                long warm = start + length.toNanos() / 10;
                long measuredFrom = start;
                while (System.nanoTime() - deadline < 0) {
                    if (startBytes < 0 && System.nanoTime() - warm > 0) {
                        startBytes = received.get();
                        measuredFrom = System.nanoTime();
                    }
                    buf.clear();
                    out.write(buf);
                }
                long bytes = received.get() - Math.max(0, startBytes);
                double seconds = (System.nanoTime() - measuredFrom) / 1e9;
                out.shutdownOutput();
                reader.join(5_000);
                return bytes / seconds / (1024.0 * 1024.0);
            }
        }
    }
}
