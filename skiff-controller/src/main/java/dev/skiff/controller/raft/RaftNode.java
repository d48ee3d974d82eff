package dev.skiff.controller.raft;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.Outcome;
import dev.skiff.controller.state.StateCodec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * One Raft peer of the controller on Apache Ratis with the gRPC transport, plus a client that
 * submits commands to the group's leader.
 *
 * <p>Settings (the defaults Ratis ships are tuned for idle hosts): election timeout 1–2 s; a
 * snapshot every {@code snapshotEveryEntries} applied entries with the log purged up to it (so a
 * peer that was away long gets the snapshot installed); log segments of 1 MiB; the gRPC server,
 * admin and client ports bound to the peer's own host only. Data lives under {@code
 * dataDir/ratis}. The group id is derived from the group name, so every peer computes the same.
 */
public final class RaftNode implements AutoCloseable {
    /** Settings of one peer. */
    public record Settings(
            String selfId,
            Map<String, String> peers,
            File dataDir,
            String groupName,
            long electionTimeoutMinMs,
            long electionTimeoutMaxMs,
            long snapshotEveryEntries,
            long requestTimeoutMs) {}

    private final Settings settings;
    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;
    private final RaftPeerId selfId;

    /** The client id of this peer's read barriers (see {@link #confirmLeadership}). */
    private final ClientId barrierClient = ClientId.randomId();

    private final AtomicLong barrierCalls = new AtomicLong();

    public RaftNode(Settings settings, ControllerStateMachine stateMachine) throws IOException {
        this(settings, stateMachine, null);
    }

    /** A peer whose Raft port (and its own Raft client) use mutual TLS when {@code tls} is not null. */
    public RaftNode(Settings settings, ControllerStateMachine stateMachine, RaftTls tls) throws IOException {
        this.settings = settings;
        Parameters parameters = new Parameters();
        if (tls != null) {
            tls.apply(parameters);
        }
        String selfAddress = settings.peers().get(settings.selfId());
        if (selfAddress == null) {
            throw new IllegalArgumentException(
                    "--id " + settings.selfId() + " is not among the peers " + settings.peers());
        }
        List<RaftPeer> peers = new ArrayList<>();
        settings.peers()
                .forEach((id, address) -> peers.add(
                        RaftPeer.newBuilder().setId(id).setAddress(address).build()));
        RaftGroupId groupId =
                RaftGroupId.valueOf(UUID.nameUUIDFromBytes(settings.groupName().getBytes(StandardCharsets.UTF_8)));
        this.group = RaftGroup.valueOf(groupId, peers);
        this.selfId = RaftPeerId.valueOf(settings.selfId());
        RaftProperties props = properties(settings, selfAddress);
        boolean existing = new File(settings.dataDir(), groupId.getUuid().toString()).isDirectory();
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(stateMachine)
                .setParameters(parameters)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        RaftProperties clientProps = new RaftProperties();
        RaftClientConfigKeysHolder.configure(clientProps, settings.requestTimeoutMs());
        this.client = RaftClient.newBuilder()
                .setProperties(clientProps)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        (int) Math.max(1, settings.requestTimeoutMs() / 200),
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .setClientRpc(new GrpcFactory(parameters).newRaftClientRpc(ClientId.randomId(), clientProps))
                .build();
    }

    private static RaftProperties properties(Settings s, String selfAddress) {
        RaftProperties props = new RaftProperties();
        int colon = selfAddress.lastIndexOf(':');
        String host = selfAddress.substring(0, colon);
        int port = Integer.parseInt(selfAddress.substring(colon + 1));
        GrpcConfigKeys.Server.setHost(props, host);
        GrpcConfigKeys.Server.setPort(props, port);
        GrpcConfigKeys.Admin.setHost(props, host);
        GrpcConfigKeys.Admin.setPort(props, port);
        GrpcConfigKeys.Client.setHost(props, host);
        GrpcConfigKeys.Client.setPort(props, port);
        RaftServerConfigKeys.setStorageDir(props, List.of(s.dataDir()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(
                props, TimeDuration.valueOf(s.electionTimeoutMinMs(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(
                props, TimeDuration.valueOf(s.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(
                props, TimeDuration.valueOf(s.requestTimeoutMs(), TimeUnit.MILLISECONDS));
        // reads are linearizable (read index, or the leader's lease when it holds one): see
        // confirmLeadership
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(props, true);
        RaftServerConfigKeys.Read.setTimeout(props, TimeDuration.valueOf(s.requestTimeoutMs(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, s.snapshotEveryEntries());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, 1);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("1MB"));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(props, true);
        return props;
    }

    public void start() throws IOException {
        server.start();
    }

    public RaftPeerId selfId() {
        return selfId;
    }

    public RaftGroup group() {
        return group;
    }

    private DivisionInfo info() throws IOException {
        return server.getDivision(group.getGroupId()).getInfo();
    }

    /** Whether this peer leads and has committed an entry of its term (can serve writes and reads). */
    public boolean isLeaderReady() {
        try {
            DivisionInfo info = info();
            return info.isLeader() && info.isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A read barrier on this peer: true when a linearizable read succeeds here within {@code
     * timeoutMs} (the leader's lease is valid, or a majority confirmed its read index), false on a
     * leader cut off from its peers, on a timeout or an error.
     */
    public boolean confirmLeadership(long timeoutMs) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(barrierClient)
                .setServerId(selfId)
                .setGroupId(group.getGroupId())
                .setCallId(barrierCalls.incrementAndGet())
                .setMessage(Message.EMPTY)
                .setType(RaftClientRequest.readRequestType())
                .setTimeoutMs(timeoutMs)
                .build();
        try {
            return server.submitClientRequestAsync(request)
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .isSuccess();
        } catch (IOException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The leader's peer id as this peer knows it, or null. */
    public String leaderId() {
        try {
            RaftPeerId id = info().getLeaderId();
            return id == null ? null : id.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** The Raft term this peer is in, or -1 when it cannot be read. */
    public long currentTerm() {
        try {
            return info().getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What Ratis says of this peer now, for metrics: role (the official controller's numbers: 3
     * leader, 2 follower or listener, 1 candidate, 0 unknown), term, and the log's indexes. Every
     * index is -1 when it cannot be read (the peer is not running).
     */
    public RaftFacts facts() {
        try {
            RaftServer.Division division = server.getDivision(group.getGroupId());
            DivisionInfo info = division.getInfo();
            RaftLog raftLog = division.getRaftLog();
            var snapshot = division.getStateMachine().getLatestSnapshot();
            return new RaftFacts(
                    roleNumber(info.getCurrentRole()),
                    info.getCurrentTerm(),
                    raftLog.getLastCommittedIndex(),
                    info.getLastAppliedIndex(),
                    raftLog.getNextIndex() - 1,
                    raftLog.getFlushIndex(),
                    raftLog.getStartIndex(),
                    snapshot == null ? -1 : snapshot.getIndex());
        } catch (IOException e) {
            return new RaftFacts(0, -1, -1, -1, -1, -1, -1, -1);
        }
    }

    private static int roleNumber(RaftPeerRole role) {
        return switch (role) {
            case LEADER -> 3;
            case FOLLOWER, LISTENER -> 2;
            case CANDIDATE -> 1;
            default -> 0;
        };
    }

    /**
     * One reading of a peer's Raft state.
     *
     * @param role 3 leader, 2 follower, 1 candidate, 0 unknown
     * @param lastLogIndex the index of the newest entry in this peer's log
     * @param flushIndex the newest entry written to this peer's disk
     * @param startIndex the oldest entry still in the log (older ones were purged into a snapshot)
     * @param snapshotIndex the index of the newest snapshot the state machine holds (taken or installed), or -1
     */
    public record RaftFacts(
            int role,
            long term,
            long commitIndex,
            long appliedIndex,
            long lastLogIndex,
            long flushIndex,
            long startIndex,
            long snapshotIndex) {}

    public long lastAppliedIndex() {
        try {
            return info().getLastAppliedIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The peers as {@code id=host:port;...}. */
    public String peersText() {
        StringBuilder b = new StringBuilder();
        settings.peers()
                .forEach((id, addr) ->
                        b.append(b.isEmpty() ? "" : ";").append(id).append('=').append(addr));
        return b.toString();
    }

    /** Replicates a command through the leader and returns its outcome (blocking, bounded by the retry policy). */
    public Outcome submit(Command command) throws IOException {
        RaftClientReply reply = client.io().send(Message.valueOf(ByteString.copyFrom(StateCodec.encode(command))));
        return outcomeOf(reply);
    }

    /** The same, without blocking. */
    public CompletableFuture<Outcome> submitAsync(Command command) {
        return client.async()
                .send(Message.valueOf(ByteString.copyFrom(StateCodec.encode(command))))
                .thenApply(reply -> {
                    try {
                        return outcomeOf(reply);
                    } catch (IOException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
    }

    private static Outcome outcomeOf(RaftClientReply reply) throws IOException {
        if (!reply.isSuccess()) {
            throw new IOException("raft request failed: " + reply.getException());
        }
        return StateCodec.decodeOutcome(reply.getMessage().getContent().toByteArray());
    }

    /** Takes a snapshot now (tests; the automatic trigger does this in service). */
    public long takeSnapshot() throws IOException {
        return server.getDivision(group.getGroupId()).getStateMachine().takeSnapshot();
    }

    /** The index of the newest snapshot this peer holds (taken or installed), or -1. */
    public long latestSnapshotIndex() throws IOException {
        var snapshot = server.getDivision(group.getGroupId()).getStateMachine().getLatestSnapshot();
        return snapshot == null ? -1 : snapshot.getIndex();
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
