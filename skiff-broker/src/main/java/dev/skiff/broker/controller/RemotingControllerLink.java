package dev.skiff.broker.controller;

import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetRequestHeader;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetResponseHeader;
import dev.skiff.remoting.protocol.controller.BrokerIdRequestHeader;
import dev.skiff.remoting.protocol.controller.ControllerBodies;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.ElectMasterRequestHeader;
import dev.skiff.remoting.protocol.controller.ElectMasterResponseHeader;
import dev.skiff.remoting.protocol.controller.GetMetaDataResponseHeader;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoRequestHeader;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoResponseHeader;
import dev.skiff.remoting.protocol.controller.RegisterBrokerResponseHeader;
import dev.skiff.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import java.util.Set;

/**
 * {@link ControllerLink} over Skiff remoting with the official controller request codes and
 * headers. Every call waits at most {@code timeoutMs}.
 */
public final class RemotingControllerLink implements ControllerLink {
    private final RemotingClient client;
    private final String cluster;
    private final String brokerName;
    private final String ownAddress;
    private final long timeoutMs;

    public RemotingControllerLink(
            RemotingClient client, String cluster, String brokerName, String ownAddress, long timeoutMs) {
        this.client = client;
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.ownAddress = ownAddress;
        this.timeoutMs = timeoutMs;
    }

    private RemotingCommand call(String to, RemotingCommand request) throws ControllerException {
        RemotingCommand answer;
        try {
            answer = client.invokeSync(to, request, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException("interrupted calling controller " + to, e);
        } catch (Exception e) {
            throw new ControllerException("controller " + to + " did not answer: " + e, e);
        }
        if (answer.code() != ControllerCodes.SUCCESS) {
            throw new ControllerException(
                    answer.code(), "controller " + to + " answered " + answer.code() + ": " + answer.remark());
        }
        return answer;
    }

    @Override
    public String leaderAddress(String anyPeer) throws ControllerException {
        RemotingCommand r = call(anyPeer, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO));
        String leader = GetMetaDataResponseHeader.decode(r.fields()).controllerLeaderAddress();
        if (leader == null || leader.isEmpty()) {
            throw new ControllerException(ControllerCodes.CONTROLLER_NOT_LEADER, anyPeer + " knows no leader yet");
        }
        return leader;
    }

    @Override
    public long nextBrokerId(String leader) throws ControllerException {
        RemotingCommand r = call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
                        BrokerIdRequestHeader.nextId(cluster, brokerName)));
        return BrokerIdRequestHeader.decode(r.fields()).nextBrokerId();
    }

    @Override
    public boolean applyBrokerId(String leader, long id, String checkCode) throws ControllerException {
        try {
            call(
                    leader,
                    RemotingCommand.request(
                            ControllerCodes.CONTROLLER_APPLY_BROKER_ID,
                            BrokerIdRequestHeader.apply(cluster, brokerName, id, checkCode)));
            return true;
        } catch (ControllerException e) {
            if (e.code() == ControllerCodes.CONTROLLER_BROKER_ID_INVALID) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public ReplicaInfo register(String leader, long id, String address, String checkCode) throws ControllerException {
        RemotingCommand r = call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_REGISTER_BROKER,
                        BrokerIdRequestHeader.register(cluster, brokerName, id, address, checkCode)));
        RegisterBrokerResponseHeader h = RegisterBrokerResponseHeader.decode(r.fields());
        return info(h.masterBrokerId(), h.masterAddress(), h.masterEpoch(), r.body(), h.syncStateSetEpoch());
    }

    @Override
    public ReplicaInfo electMaster(String leader, long id) throws ControllerException {
        RemotingCommand answer;
        try {
            answer = client.invokeSync(
                    leader,
                    RemotingCommand.request(
                            ControllerCodes.CONTROLLER_ELECT_MASTER,
                            new ElectMasterRequestHeader(cluster, brokerName, id, false, 0)),
                    timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException("interrupted calling controller " + leader, e);
        } catch (Exception e) {
            throw new ControllerException("controller " + leader + " did not answer: " + e, e);
        }
        // CONTROLLER_MASTER_STILL_EXIST still names the master in its header
        if (answer.code() != ControllerCodes.SUCCESS
                && answer.code() != ControllerCodes.CONTROLLER_MASTER_STILL_EXIST) {
            throw new ControllerException(answer.code(), "election refused: " + answer.remark());
        }
        ElectMasterResponseHeader h = ElectMasterResponseHeader.decode(answer.fields());
        return info(h.masterBrokerId(), h.masterAddress(), h.masterEpoch(), null, h.syncStateSetEpoch());
    }

    @Override
    public ReplicaInfo replicaInfo(String leader) throws ControllerException {
        RemotingCommand r = call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_GET_REPLICA_INFO, new GetReplicaInfoRequestHeader(brokerName)));
        GetReplicaInfoResponseHeader h = GetReplicaInfoResponseHeader.decode(r.fields());
        return info(h.masterBrokerId(), h.masterAddress(), h.masterEpoch(), r.body(), null);
    }

    @Override
    public java.util.List<Replica> replicas(String leader) throws ControllerException {
        RemotingCommand r = call(
                leader,
                RemotingCommand.request(ControllerCodes.CONTROLLER_GET_SYNC_STATE_DATA)
                        .body(ControllerBodies.encodeBrokerNames(java.util.List.of(brokerName))));
        java.util.List<Replica> out = new java.util.ArrayList<>();
        try {
            dev.skiff.common.json.JsonObject table =
                    dev.skiff.common.json.Json.parseObject(r.body()).getObject("replicasInfoTable");
            dev.skiff.common.json.JsonObject group = table == null ? null : table.getObject(brokerName);
            if (group == null) {
                return out;
            }
            for (String kind : new String[] {"inSyncReplicas", "notInSyncReplicas"}) {
                dev.skiff.common.json.JsonArray list = group.getArray(kind);
                if (list == null) {
                    continue;
                }
                for (dev.skiff.common.json.JsonValue v : list) {
                    dev.skiff.common.json.JsonObject o = v.asObject();
                    out.add(new Replica(
                            o.getLong("brokerId", -1), o.getString("brokerAddress"), o.getBoolean("alive", false)));
                }
            }
        } catch (RuntimeException e) {
            throw new ControllerException(ControllerCodes.SYSTEM_ERROR, "bad sync-state data: " + e.getMessage());
        }
        return out;
    }

    @Override
    public void heartbeat(String peer, long id, int epoch, long maxOffset, long confirmOffset, long heartbeatTimeoutMs)
            throws ControllerException {
        try {
            client.invokeOneway(
                    peer,
                    RemotingCommand.request(
                            ControllerCodes.BROKER_HEARTBEAT,
                            new BrokerHeartbeatRequestHeader(
                                    cluster,
                                    ownAddress,
                                    brokerName,
                                    id,
                                    epoch,
                                    maxOffset,
                                    confirmOffset,
                                    heartbeatTimeoutMs,
                                    null)));
        } catch (RuntimeException e) {
            throw new ControllerException("heartbeat to " + peer + " failed: " + e, e);
        }
    }

    @Override
    public int alterSyncStateSet(String leader, long id, int masterEpoch, Set<Long> set, int setEpoch)
            throws ControllerException {
        RemotingCommand r = call(
                leader,
                RemotingCommand.request(
                                ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
                                new AlterSyncStateSetRequestHeader(brokerName, id, masterEpoch, 0))
                        .body(new ControllerBodies.SyncStateSet(set, setEpoch).encode()));
        return AlterSyncStateSetResponseHeader.decode(r.fields()).newSyncStateSetEpoch();
    }

    private static ReplicaInfo info(Long masterId, String masterAddress, Integer epoch, byte[] body, Integer setEpoch) {
        Set<Long> set = Set.of();
        int sse = setEpoch == null ? 0 : setEpoch;
        if (body != null && body.length > 0) {
            ControllerBodies.SyncStateSet s = ControllerBodies.SyncStateSet.decode(body);
            set = s.syncStateSet();
            sse = s.syncStateSetEpoch();
        }
        return new ReplicaInfo(masterId, masterAddress, epoch == null ? 0 : epoch, set, sse);
    }
}
