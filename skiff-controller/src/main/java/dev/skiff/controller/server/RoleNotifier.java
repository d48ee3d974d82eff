package dev.skiff.controller.server;

import dev.skiff.controller.state.ReplicaGroup;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerBodies;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.NotifyBrokerRoleChangedRequestHeader;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every registered replica of a group its new master: a one-way {@code
 * NOTIFY_BROKER_ROLE_CHANGED} with the master's id, address and epoch and the sync-state set.
 * Brokers also learn the same from their next {@code CONTROLLER_GET_REPLICA_INFO}, so a lost
 * notification only delays them.
 */
public final class RoleNotifier {
    private static final Logger log = LoggerFactory.getLogger(RoleNotifier.class);

    private final RemotingClient client;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public RoleNotifier(RemotingClient client) {
        this.client = client;
    }

    public void notifyGroup(ReplicaGroup g) {
        if (g == null) {
            return;
        }
        NotifyBrokerRoleChangedRequestHeader header = new NotifyBrokerRoleChangedRequestHeader(
                g.masterAddress(), g.masterEpoch(), g.syncStateSetEpoch(), g.hasMaster() ? g.masterId() : null);
        byte[] body = new ControllerBodies.SyncStateSet(g.syncStateSet(), g.syncStateSetEpoch()).encode();
        g.replicas().forEach((id, address) -> {
            if (address.isEmpty()) {
                return;
            }
            RemotingCommand request = RemotingCommand.request(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED, header)
                    .body(body);
            client.invokeOneway(address, request).whenComplete((ok, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else if (failed.incrementAndGet() % 100 == 1) {
                    log.warn(
                            "role-change notice to {} failed ({} failures so far): {}",
                            address,
                            failed.get(),
                            error.toString());
                }
            });
        });
    }

    public long sent() {
        return sent.get();
    }
}
