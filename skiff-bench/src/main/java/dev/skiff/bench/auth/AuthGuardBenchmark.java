package dev.skiff.bench.auth;

import dev.skiff.auth.AuthGuard;
import dev.skiff.auth.AuthSettings;
import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourcePattern;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.auth.rules.RequestRules;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.codec.CommandDecoder;
import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The broker's request check ({@link AuthGuard#check}: signature, then policy) of one request as
 * the official 5.5.0 client sends it, next to what signing that request costs the client.
 *
 * <p>The request is built by the official client classes: a {@code SEND_MESSAGE_V2} (310) from a
 * {@code SendMessageRequestHeaderV2} with the fields a producer fills and a 1 KiB body, or a
 * {@code PULL_MESSAGE} (11) from a {@code PullMessageRequestHeader}; signed by the official
 * {@code AclClientRPCHook} as a normal user, encoded as the official encoder does (JSON header)
 * and decoded by Skiff's codec, so the guard sees exactly the ext fields a broker receives. The
 * user holds one Allow policy on a topic and group prefix, so the check runs the policy lookup (a
 * super user would skip it).
 *
 * <ul>
 *   <li>{@code guard}: the broker's check, on the decoded request.
 *   <li>{@code clientSign}: the official client building the request and signing it
 *       ({@code makeCustomHeaderToNet} + {@code AclClientRPCHook}), per request.
 *   <li>{@code clientUnsigned}: the same request built without the hook
 *       ({@code makeCustomHeaderToNet} only); {@code clientSign - clientUnsigned} is what signing
 *       costs the load generator.
 *   <li>{@code clientKeyedSign}: the same request signed by {@link KeyedSigningHook} (the same
 *       bytes on the wire, with a keyed {@code Mac} kept per thread), which {@code bench compare
 *       --auth --keyed-signing} uses to take the official hook's overhead out of the load generator.
 * </ul>
 *
 * Run with {@code -prof gc} for bytes per op. On a shared machine the wall-clock times of JMH swing
 * with the other load; {@link #main} measures the same operations in this thread's CPU time
 * (median of rounds), which the machine's other work moves far less.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthGuardBenchmark {
    private static final String USER = "bench-user";
    private static final String SECRET = "bench-user-secret";
    private static final String TOPIC = "BenchTopicW1";
    private static final String GROUP = "BenchGroupW4";

    @Param({"send", "pull"})
    public String request;

    private AuthGuard guard;
    private RemotingCommand decoded;
    private final RemotingChannel channel = new Peer(new InetSocketAddress("127.0.0.1", 40_000));
    private final AclClientRPCHook hook = new AclClientRPCHook(new SessionCredentials(USER, SECRET));
    private final KeyedSigningHook keyedHook = new KeyedSigningHook(USER, SECRET);
    private final byte[] body = new byte[1024];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        new Random(1).nextBytes(body);
        AuthStore store = AuthStore.inMemory(List.of());
        store.update(s -> AuthStore.withUser(s, new User(USER, SECRET, UserType.NORMAL, UserStatus.ENABLE)));
        List<PolicyEntry> entries = List.of(
                new PolicyEntry(
                        ResourcePattern.parse("Topic:Bench*"),
                        Set.of(Action.PUB, Action.SUB),
                        List.of(),
                        Decision.ALLOW),
                new PolicyEntry(ResourcePattern.parse("Group:Bench*"), Set.of(Action.SUB), List.of(), Decision.ALLOW));
        store.update(s -> AuthStore.withAcl(s, new Acl("User:" + USER, Map.of(PolicyType.CUSTOM, entries))));
        guard = new AuthGuard(
                new AuthSettings(true, true, null, null, Set.of(), Set.of()), store, RequestRules.broker());

        org.apache.rocketmq.remoting.protocol.RemotingCommand official = officialRequest();
        hook.doBeforeRequest("127.0.0.1:10911", official);
        ByteBuf frame = Unpooled.buffer();
        official.fastEncodeHeader(frame);
        if (official.getBody() != null) {
            frame.writeBytes(official.getBody());
        }
        decoded = new CommandDecoder().decode(frame, 4, frame.getInt(0));
        frame.release();
        if (guard.check(channel, decoded) != null) {
            throw new IllegalStateException("the guard refuses the benchmark's request: "
                    + guard.check(channel, decoded).remark());
        }
    }

    private org.apache.rocketmq.remoting.protocol.RemotingCommand officialRequest() {
        if (request.equals("send")) {
            return OfficialRequests.send(
                    "BenchProducerW1",
                    TOPIC,
                    "UNIQ_KEY\u00017F000001A1B218B4AAC2123456780000\u0002WAIT\u0001true\u0002",
                    body);
        }
        return OfficialRequests.pull(GROUP, TOPIC);
    }

    @Benchmark
    public RemotingCommand guard() {
        return guard.check(channel, decoded);
    }

    @Benchmark
    public Object clientSign() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand command = officialRequest();
        hook.doBeforeRequest("127.0.0.1:10911", command);
        return command.getExtFields();
    }

    @Benchmark
    public Object clientKeyedSign() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand command = officialRequest();
        keyedHook.doBeforeRequest("127.0.0.1:10911", command);
        return command.getExtFields();
    }

    @Benchmark
    public Object clientUnsigned() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand command = officialRequest();
        command.makeCustomHeaderToNet();
        return command.getExtFields();
    }

    /**
     * CPU nanoseconds per operation on this thread ({@code ThreadMXBean}), each operation and
     * request kind: a warm-up of {@code ops} operations, then {@code rounds} rounds of {@code ops},
     * the median printed. Arguments: {@code [ops [rounds]]}, default 200,000 and 7.
     */
    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String kind : new String[] {"send", "pull"}) {
            AuthGuardBenchmark b = new AuthGuardBenchmark();
            b.request = kind;
            b.setUp();
            Map<String, java.util.function.Supplier<Object>> operations = new java.util.LinkedHashMap<>();
            operations.put("guard", b::guard);
            operations.put("clientSign", b::clientSign);
            operations.put("clientKeyedSign", b::clientKeyedSign);
            operations.put("clientUnsigned", b::clientUnsigned);
            for (Map.Entry<String, java.util.function.Supplier<Object>> op : operations.entrySet()) {
                long sink = 0;
                for (int i = 0; i < ops; i++) {
                    sink += System.identityHashCode(op.getValue().get()) & 1;
                }
                double[] nsPerOp = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < ops; i++) {
                        sink += System.identityHashCode(op.getValue().get()) & 1;
                    }
                    nsPerOp[r] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) ops;
                }
                java.util.Arrays.sort(nsPerOp);
                System.out.printf(
                        "%-15s %-4s  median %,8.0f CPU ns/op  (min %,.0f, max %,.0f; %d rounds of %,d)%s%n",
                        op.getKey(),
                        kind,
                        nsPerOp[rounds / 2],
                        nsPerOp[0],
                        nsPerOp[rounds - 1],
                        rounds,
                        ops,
                        sink < 0 ? "!" : "");
            }
        }
    }

    /** A connection that only has a peer address (the guard reads nothing else). */
    private record Peer(SocketAddress remoteSocketAddress) implements RemotingChannel {
        @Override
        public String remoteAddress() {
            return remoteSocketAddress.toString();
        }

        @Override
        public String localAddress() {
            return "127.0.0.1:10911";
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public LanguageCode peerLanguage() {
            return LanguageCode.JAVA;
        }

        @Override
        public int peerVersion() {
            return 0;
        }

        @Override
        public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMs) {
            throw new UnsupportedOperationException("benchmark peer");
        }

        @Override
        public RemotingCommand invokeSync(RemotingCommand request, long timeoutMs) throws RemotingException {
            throw new UnsupportedOperationException("benchmark peer");
        }

        @Override
        public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
            throw new UnsupportedOperationException("benchmark peer");
        }

        @Override
        public void close() {}
    }
}
