package dev.skiff.controller.it;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.RemotingServerConfig;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.netty.NettyRemotingServer;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.AlterSyncStateSetRequestHeader;
import dev.skiff.remoting.protocol.controller.BrokerIdRequestHeader;
import dev.skiff.remoting.protocol.controller.ControllerBodies;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.ElectMasterRequestHeader;
import dev.skiff.remoting.protocol.controller.GetMetaDataResponseHeader;
import dev.skiff.remoting.protocol.controller.GetReplicaInfoRequestHeader;
import dev.skiff.remoting.protocol.controller.NotifyBrokerRoleChangedRequestHeader;
import dev.skiff.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A stand-in broker speaking the real controller protocol over Skiff remoting: it listens on
 * 127.0.0.1 for role-change notices, heart-beats to every controller peer, and registers, asks
 * for elections and alters its sync-state set the way a broker does.
 */
final class FakeBroker implements AutoCloseable {
    final String cluster;
    final String brokerName;
    long brokerId = -1;
    volatile long maxOffset;
    volatile int epoch;
    final BlockingQueue<NotifyBrokerRoleChangedRequestHeader> notices = new LinkedBlockingQueue<>();
    private final NettyRemotingServer server;
    private final NettyRemotingClient client;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    private ScheduledFuture<?> beating;
    private final String address;

    FakeBroker(String cluster, String brokerName) throws InterruptedException {
        this.cluster = cluster;
        this.brokerName = brokerName;
        server = new NettyRemotingServer(RemotingServerConfig.defaults(0).withBindHost("127.0.0.1"));
        server.registerProcessor(
                ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED,
                (SyncRequestProcessor) (channel, request) -> {
                    notices.add(NotifyBrokerRoleChangedRequestHeader.decode(request.fields()));
                    return RemotingCommand.success();
                },
                Executors.newSingleThreadExecutor());
        address = "127.0.0.1:" + server.start().getPort();
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
    }

    String address() {
        return address;
    }

    void startHeartbeats(Supplier<List<String>> controllers, long everyMs) {
        beating = beats.scheduleWithFixedDelay(
                () -> controllers.get().forEach(this::heartbeatOnce), 0, everyMs, TimeUnit.MILLISECONDS);
    }

    void stopHeartbeats() {
        beating.cancel(false);
    }

    /** One heartbeat; a peer that is down must not stop the beats to the others. */
    void heartbeatOnce(String controller) {
        try {
            sendHeartbeat(controller);
        } catch (RuntimeException e) {
            // the peer is down; the next round tries again
        }
    }

    private void sendHeartbeat(String controller) {
        client.invokeOneway(
                controller,
                RemotingCommand.request(
                        ControllerCodes.BROKER_HEARTBEAT,
                        new BrokerHeartbeatRequestHeader(
                                cluster, address, brokerName, brokerId, epoch, maxOffset, maxOffset, null, null)));
    }

    RemotingCommand call(String controller, RemotingCommand request) throws Exception {
        return client.invokeSync(controller, request, 5_000);
    }

    /** The leader's address as a peer reports it. */
    String leaderOf(String anyPeer) throws Exception {
        RemotingCommand r = call(anyPeer, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO));
        return GetMetaDataResponseHeader.decode(r.fields()).controllerLeaderAddress();
    }

    /** GET_NEXT_BROKER_ID, APPLY_BROKER_ID, REGISTER: returns the register response. */
    RemotingCommand register(String leader) throws Exception {
        RemotingCommand next = call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_GET_NEXT_BROKER_ID,
                        BrokerIdRequestHeader.nextId(cluster, brokerName)));
        long id = BrokerIdRequestHeader.decode(next.fields()).nextBrokerId();
        RemotingCommand applied = call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_APPLY_BROKER_ID,
                        BrokerIdRequestHeader.apply(cluster, brokerName, id, address + ";" + id)));
        if (applied.code() != 0) {
            throw new AssertionError("apply id " + id + ": " + applied.code() + " " + applied.remark());
        }
        brokerId = id;
        return call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_REGISTER_BROKER,
                        BrokerIdRequestHeader.register(cluster, brokerName, id, address)));
    }

    /** REGISTER alone, with the id this broker already holds. */
    RemotingCommand reRegister(String leader) throws Exception {
        return call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_REGISTER_BROKER,
                        BrokerIdRequestHeader.register(cluster, brokerName, brokerId, address)));
    }

    RemotingCommand electMaster(String leader) throws Exception {
        return call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_ELECT_MASTER,
                        new ElectMasterRequestHeader(cluster, brokerName, brokerId, false, 0)));
    }

    RemotingCommand alter(String leader, int masterEpoch, Set<Long> set, int syncStateSetEpoch) throws Exception {
        return call(
                leader,
                RemotingCommand.request(
                                ControllerCodes.CONTROLLER_ALTER_SYNC_STATE_SET,
                                new AlterSyncStateSetRequestHeader(brokerName, brokerId, masterEpoch, 0))
                        .body(new ControllerBodies.SyncStateSet(set, syncStateSetEpoch).encode()));
    }

    RemotingCommand replicaInfo(String leader) throws Exception {
        return call(
                leader,
                RemotingCommand.request(
                        ControllerCodes.CONTROLLER_GET_REPLICA_INFO, new GetReplicaInfoRequestHeader(brokerName)));
    }

    @Override
    public void close() {
        beats.shutdownNow();
        client.shutdown();
        server.shutdown();
    }
}
