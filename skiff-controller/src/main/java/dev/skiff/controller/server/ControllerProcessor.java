package dev.skiff.controller.server;

import static dev.skiff.remoting.protocol.controller.ControllerCodes.*;

import dev.skiff.common.SkiffClock;
import dev.skiff.controller.liveness.BrokerLiveTable;
import dev.skiff.controller.metrics.ControllerRequestStats;
import dev.skiff.controller.metrics.OpStatus;
import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import dev.skiff.controller.state.Outcome;
import dev.skiff.controller.state.ReplicaGroup;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetRequestHeader;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetResponseHeader;
import dev.skiff.remoting.protocol.controller.BrokerIdRequestHeader;
import dev.skiff.remoting.protocol.controller.CleanBrokerDataRequestHeader;
import dev.skiff.remoting.protocol.controller.ControllerBodies;
import dev.skiff.remoting.protocol.controller.ElectMasterRequestHeader;
import dev.skiff.remoting.protocol.controller.ElectMasterResponseHeader;
import dev.skiff.remoting.protocol.controller.GetMetaDataResponseHeader;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoRequestHeader;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoResponseHeader;
import dev.skiff.remoting.protocol.controller.RegisterBrokerResponseHeader;
import dev.skiff.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves the controller protocol (see {@code ControllerCodes}). Heartbeats and metadata are
 * served by every peer; everything else only by the Raft leader, a follower answering {@code
 * CONTROLLER_NOT_LEADER} with the leader's remoting address in the remark (when known). Changes
 * go through Raft; reads come from the leader's applied state.
 */
public final class ControllerProcessor implements SyncRequestProcessor {
    private final Replicator raft;
    private final ControllerState state;
    private final BrokerLiveTable live;
    private final SkiffClock clock;
    private final RoleNotifier notifier;
    private final boolean allowUnclean;
    private final ControllerRequestStats stats;

    public ControllerProcessor(
            Replicator raft,
            ControllerState state,
            BrokerLiveTable live,
            SkiffClock clock,
            RoleNotifier notifier,
            boolean allowUnclean,
            ControllerRequestStats stats) {
        this.raft = raft;
        this.state = state;
        this.live = live;
        this.clock = clock;
        this.notifier = notifier;
        this.allowUnclean = allowUnclean;
        this.stats = stats;
    }

    /**
     * Serves one request and counts it as the official controller does: {@code success} when an
     * answer is returned (whatever its code, {@code CONTROLLER_NOT_LEADER} included), {@code
     * timeout} or {@code failed} when handling threw (the transport then answers SYSTEM_ERROR or
     * INVALID_PARAMETER).
     */
    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) throws IOException {
        long startNs = stats.startNs();
        RemotingCommand response;
        try {
            response = serve(channel, request);
        } catch (IOException | RuntimeException e) {
            stats.record(request.code(), OpStatus.of(e), startNs);
            throw e;
        }
        stats.record(request.code(), OpStatus.SUCCESS, startNs);
        return response;
    }

    /**
     * Heartbeats are served on the I/O thread: recording one is a map update, and so a full
     * request queue never drops it. A broker's lease counts from the heartbeat it sends just
     * before each poll on the same connection, so the poll, once answered, always finds that
     * heartbeat recorded: the election can never start from an older record than the lease does.
     */
    @Override
    public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        if (request.code() != BROKER_HEARTBEAT) {
            return null;
        }
        try {
            return handle(channel, request);
        } catch (IOException e) {
            return null; // not thrown by a heartbeat; the executor path would answer it
        }
    }

    private RemotingCommand serve(RemotingChannel channel, RemotingCommand request) throws IOException {
        switch (request.code()) {
            case BROKER_HEARTBEAT:
                return heartbeat(channel, request);
            case CONTROLLER_GET_METADATA_INFO:
                return metadata();
            default:
                break;
        }
        if (!raft.isLeaderReady()) {
            return notLeader();
        }
        return switch (request.code()) {
            case CONTROLLER_GET_NEXT_BROKER_ID -> nextBrokerId(request);
            case CONTROLLER_APPLY_BROKER_ID -> applyBrokerId(request);
            case CONTROLLER_REGISTER_BROKER -> register(request);
            case CONTROLLER_ELECT_MASTER -> elect(request);
            case CONTROLLER_ALTER_SYNC_STATE_SET -> alter(request);
            // a broker's lease is renewed by this answer: an old leader cut off from its peers must
            // not give it, so leadership is confirmed by a linearizable read first
            case CONTROLLER_GET_REPLICA_INFO -> raft.confirmLeadership() ? replicaInfo(request) : notLeader();
            case CONTROLLER_GET_SYNC_STATE_DATA -> syncStateData(request);
            case CLEAN_BROKER_DATA -> clean(request);
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand notLeader() {
        String leader = raft.leaderId();
        String address = leader == null ? null : state.peerAddress(leader);
        return RemotingCommand.response(
                CONTROLLER_NOT_LEADER,
                "this controller is not the leader" + (address == null ? "" : "; leader " + leader + " at " + address));
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) {
        BrokerHeartbeatRequestHeader h = BrokerHeartbeatRequestHeader.decode(request.fields());
        if (h.brokerId() == null) {
            return RemotingCommand.response(CONTROLLER_INVALID_REQUEST, "heartbeat without brokerId");
        }
        boolean kept = live.onHeartbeat(
                h.clusterName(),
                h.brokerName(),
                h.brokerId(),
                h.brokerAddr(),
                clock.nowMs(),
                h.heartbeatTimeoutMills(),
                h.epoch() == null ? 0 : h.epoch(),
                h.maxOffset() == null ? 0 : h.maxOffset(),
                h.electionPriority() == null ? Integer.MAX_VALUE : h.electionPriority());
        if (!kept) {
            return RemotingCommand.response(SYSTEM_BUSY, "too many brokers");
        }
        live.bindChannel(h.brokerName(), h.brokerId(), channel.remoteAddress());
        return RemotingCommand.success();
    }

    private RemotingCommand metadata() {
        String leader = raft.leaderId();
        String address = leader == null ? null : state.peerAddress(leader);
        return RemotingCommand.success(new GetMetaDataResponseHeader(
                raft.groupName(), leader, address, raft.isLeaderReady(), raft.peersText()));
    }

    private RemotingCommand nextBrokerId(RemotingCommand request) {
        BrokerIdRequestHeader h = BrokerIdRequestHeader.decode(request.fields());
        long next = state.nextBrokerId(h.brokerName());
        return RemotingCommand.success(
                new BrokerIdRequestHeader(h.clusterName(), h.brokerName(), next, null, null, null, null));
    }

    private RemotingCommand applyBrokerId(RemotingCommand request) throws IOException {
        BrokerIdRequestHeader h = BrokerIdRequestHeader.decode(request.fields());
        if (h.appliedBrokerId() == null || h.registerCheckCode() == null) {
            return RemotingCommand.response(
                    CONTROLLER_INVALID_REQUEST, "appliedBrokerId and registerCheckCode are required");
        }
        Outcome o = raft.submit(
                new Command.ApplyBrokerId(h.clusterName(), h.brokerName(), h.appliedBrokerId(), h.registerCheckCode()));
        if (!o.isSuccess()) {
            return RemotingCommand.response(o.code(), o.remark());
        }
        return RemotingCommand.success(BrokerIdRequestHeader.nextId(h.clusterName(), h.brokerName()));
    }

    private RemotingCommand register(RemotingCommand request) throws IOException {
        BrokerIdRequestHeader h = BrokerIdRequestHeader.decode(request.fields());
        if (h.brokerId() == null || h.brokerAddress() == null) {
            return RemotingCommand.response(CONTROLLER_INVALID_REQUEST, "brokerId and brokerAddress are required");
        }
        Outcome o = raft.submit(new Command.RegisterBroker(
                h.clusterName(), h.brokerName(), h.brokerId(), h.brokerAddress(), h.registerCheckCode()));
        if (!o.isSuccess()) {
            return RemotingCommand.response(o.code(), o.remark());
        }
        ReplicaGroup g = o.group();
        return RemotingCommand.success(new RegisterBrokerResponseHeader(
                        h.clusterName(),
                        h.brokerName(),
                        g.hasMaster() ? g.masterId() : null,
                        g.masterAddress(),
                        g.masterEpoch(),
                        g.syncStateSetEpoch()))
                .body(syncStateSet(g));
    }

    private RemotingCommand elect(RemotingCommand request) throws IOException {
        ElectMasterRequestHeader h = ElectMasterRequestHeader.decode(request.fields());
        long now = clock.nowMs();
        Command.ElectMaster command = new Command.ElectMaster(
                h.brokerName(),
                h.designateElect() ? h.brokerId() : -1,
                h.designateElect() ? Command.Trigger.ADMIN : Command.Trigger.BROKER,
                live.candidates(h.brokerName(), now),
                allowUnclean);
        Outcome o = raft.submit(command);
        if (o.masterChanged()) {
            notifier.notifyGroup(o.group());
        }
        ReplicaGroup g = o.group();
        if (g == null) {
            return RemotingCommand.response(o.code(), o.remark());
        }
        ElectMasterResponseHeader header = new ElectMasterResponseHeader(
                g.hasMaster() ? g.masterId() : null, g.masterAddress(), g.masterEpoch(), g.syncStateSetEpoch());
        Map<Long, String> addrs = new LinkedHashMap<>(g.replicas());
        byte[] body = ControllerBodies.electMasterBody(
                new ControllerBodies.BrokerMemberGroup(g.cluster(), g.brokerName(), addrs), g.syncStateSet());
        RemotingCommand response = RemotingCommand.success(header).body(body);
        return o.isSuccess() ? response : response.code(o.code()).remark(o.remark());
    }

    private RemotingCommand alter(RemotingCommand request) throws IOException {
        AlterSyncStateSetRequestHeader h = AlterSyncStateSetRequestHeader.decode(request.fields());
        ControllerBodies.SyncStateSet proposed = ControllerBodies.SyncStateSet.decode(request.body());
        Outcome o = raft.submit(new Command.AlterSyncStateSet(
                h.brokerName(),
                h.masterBrokerId(),
                h.masterEpoch(),
                proposed.syncStateSetEpoch(),
                proposed.syncStateSet(),
                live.aliveIds(h.brokerName(), clock.nowMs())));
        if (!o.isSuccess()) {
            return RemotingCommand.response(o.code(), o.remark());
        }
        return RemotingCommand.success(
                        new AlterSyncStateSetResponseHeader(o.group().syncStateSetEpoch()))
                .body(syncStateSet(o.group()));
    }

    private RemotingCommand replicaInfo(RemotingCommand request) {
        GetReplicaInfoRequestHeader h = GetReplicaInfoRequestHeader.decode(request.fields());
        ReplicaGroup g = state.group(h.brokerName()).orElse(null);
        if (g == null) {
            return RemotingCommand.response(CONTROLLER_BROKER_METADATA_NOT_EXIST, "no broker group " + h.brokerName());
        }
        return RemotingCommand.success(new GetReplicaInfoResponseHeader(
                        g.hasMaster() ? g.masterId() : null, g.masterAddress(), g.masterEpoch()))
                .body(syncStateSet(g));
    }

    private RemotingCommand syncStateData(RemotingCommand request) {
        List<String> names = ControllerBodies.decodeBrokerNames(request.body());
        long now = clock.nowMs();
        Map<String, ControllerBodies.ReplicasInfo> table = new LinkedHashMap<>();
        for (String name : names) {
            state.group(name).ifPresent(g -> table.put(name, replicasInfo(g, now)));
        }
        return RemotingCommand.success().body(ControllerBodies.encodeReplicasInfo(table));
    }

    private ControllerBodies.ReplicasInfo replicasInfo(ReplicaGroup g, long now) {
        List<ControllerBodies.ReplicaIdentity> inSync = new ArrayList<>();
        List<ControllerBodies.ReplicaIdentity> notInSync = new ArrayList<>();
        g.replicas().forEach((id, addr) -> {
            var identity = new ControllerBodies.ReplicaIdentity(
                    g.brokerName(), id, addr, live.isAlive(g.brokerName(), id, now));
            (g.syncStateSet().contains(id) ? inSync : notInSync).add(identity);
        });
        return new ControllerBodies.ReplicasInfo(
                g.hasMaster() ? g.masterId() : null,
                g.masterAddress(),
                g.masterEpoch(),
                g.syncStateSetEpoch(),
                inSync,
                notInSync);
    }

    private RemotingCommand clean(RemotingCommand request) throws IOException {
        CleanBrokerDataRequestHeader h = CleanBrokerDataRequestHeader.decode(request.fields());
        Set<Long> ids = new TreeSet<>();
        String text = h.brokerControllerIdsToClean();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(";")) {
                try {
                    ids.add(Long.parseLong(part.trim()));
                } catch (NumberFormatException e) {
                    return RemotingCommand.response(
                            CONTROLLER_INVALID_CLEAN_BROKER_METADATA, "bad broker id '" + part + "'");
                }
            }
        }
        Outcome o = raft.submit(new Command.CleanBrokerData(
                h.brokerName(), ids, h.isCleanLivingBroker(), live.aliveIds(h.brokerName(), clock.nowMs())));
        if (o.masterChanged()) {
            notifier.notifyGroup(o.group());
        }
        return o.isSuccess() ? RemotingCommand.success() : RemotingCommand.response(o.code(), o.remark());
    }

    private static byte[] syncStateSet(ReplicaGroup g) {
        return new ControllerBodies.SyncStateSet(g.syncStateSet(), g.syncStateSetEpoch()).encode();
    }
}
