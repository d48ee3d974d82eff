package dev.skiff.bench.remoting;

import dev.skiff.remoting.RpcLatency;
import dev.skiff.remoting.protocol.RequestCode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of counting one answered request in {@code rocketmq_rpc_latency} ({@link
 * RpcLatency#record}): one thread, and two threads on the same cell (the send executor and an I/O
 * thread). Run with {@code -prof gc}: it should allocate nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RpcLatencyBenchmark {
    private final RpcLatency latency = new RpcLatency();
    private long elapsedNs = 700_000;

    @Benchmark
    public void recordOneThread() {
        elapsedNs = (elapsedNs * 31 + 7) & 0xFFFFFF;
        latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, elapsedNs);
    }

    @Benchmark
    @Threads(2)
    public void recordTwoThreads() {
        latency.record(RequestCode.SEND_MESSAGE_V2, 0, false, RpcLatency.Result.SUCCESS, 700_000);
    }
}
