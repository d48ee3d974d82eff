package dev.skiff.bench.remoting;

import dev.skiff.broker.it.SkiffTestCluster;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.header.SendMessageRequestHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole send path in one JVM: a name server and a broker (ASYNC_FLUSH, 64 MiB segments) on
 * 127.0.0.1, started as the broker's tests start them ({@link SkiffTestCluster}), and Skiff's remoting client sending one 256-byte SEND_MESSAGE at a time and waiting
 * for its answer. The broker decodes, appends, dispatches and answers, counting every metric it
 * keeps on the way (append latency, message size, request latency). Run with {@code -prof gc}:
 * bytes per op count every thread of the JVM (client, I/O threads, send executor, dispatcher).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SendPathBenchmark {
    private static final String TOPIC = "SendPathBench";

    private Path dir;
    private SkiffTestCluster cluster;
    private NettyRemotingClient client;
    private String address;
    private final byte[] body = new byte[256];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("skiff-send-path-bench");
        cluster = SkiffTestCluster.start(dir);
        address = cluster.brokerAddr();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
        for (int i = 0; i < 1_000; i++) {
            send(); // creates the topic, warms the connection
        }
    }

    @Benchmark
    public int send() throws Exception {
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                "pg-bench", TOPIC, "TBW102", 4, 0, 0, 1L, 0, "", 0, false, null, false, null);
        RemotingCommand response = client.invokeSync(
                address,
                RemotingCommand.request(RequestCode.SEND_MESSAGE, header).body(body),
                5_000);
        if (response.code() != 0) {
            throw new IllegalStateException("send failed: " + response.code() + " " + response.remark());
        }
        return response.code();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.shutdown();
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
