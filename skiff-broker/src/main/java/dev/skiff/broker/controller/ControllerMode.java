package dev.skiff.broker.controller;

import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.ha.Replication;
import dev.skiff.broker.registry.NamesrvRegistrar;
import dev.skiff.broker.send.MessageAppender;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.concurrent.ThreadScheduler;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingServer;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.store.MessageStore;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

/**
 * The parts of a broker in controller mode, wired together: the epoch file, the {@link
 * BrokerRoleSwitch} that owns the role-dependent parts and switches them live, the {@link
 * ControllerAgent} that talks to the controller on a {@code broker-controller} scheduler (with its
 * in-sync-set watcher), and the processors for the controller's role notices and epoch queries.
 * The agent is started by the caller once the rest of the broker is wired. Closing stops the agent,
 * then its scheduler, then the role switch.
 */
public final class ControllerMode implements AutoCloseable {
    private static final long CALL_TIMEOUT_MS = 3_000;

    private final BrokerRoleSwitch roleSwitch;
    private final Replication initialReplication;
    private final ThreadScheduler scheduler;
    private final ControllerAgent agent;

    private ControllerMode(
            BrokerRoleSwitch roleSwitch,
            Replication initialReplication,
            ThreadScheduler scheduler,
            ControllerAgent agent) {
        this.roleSwitch = roleSwitch;
        this.initialReplication = initialReplication;
        this.scheduler = scheduler;
        this.agent = agent;
    }

    /**
     * Opens the epoch file in the config folder, starts the role switch (as a slave until the
     * controller says otherwise) and registers processors 1008 and {@link
     * ControllerModeProcessor#GET_BROKER_EPOCH_CACHE} on {@code transport}.
     *
     * @param host the advertised host (the HA port's address)
     * @param address the advertised "host:port" the controller knows this broker by
     * @param client the broker's outgoing client (name servers, controller, master)
     */
    public static ControllerMode wire(
            BrokerConfig config,
            String host,
            String address,
            MessageStore store,
            SkiffClock clock,
            MessageAppender appender,
            NamesrvRegistrar registrar,
            RemotingClient client,
            RemotingServer transport,
            ExecutorService adminExecutor)
            throws IOException {
        EpochFile epochs = EpochFile.open(config.configDir().resolve("epochs"));
        BrokerRoleSwitch roleSwitch =
                new BrokerRoleSwitch(config, host, store, clock, appender, registrar, epochs, client);
        Replication replication = roleSwitch.start();
        ThreadScheduler scheduler = new ThreadScheduler("broker-controller", 2, clock);
        LeaseTiming lease =
                LeaseTiming.of(config.controllerHeartBeatTimeoutMills(), config.controllerLeaseMarginMills());
        RemotingControllerLink link = new RemotingControllerLink(
                client, config.brokerClusterName(), config.brokerName(), address, CALL_TIMEOUT_MS);
        ControllerAgent agent = new ControllerAgent(
                new ControllerAgent.Settings(
                        config.controllerAddr(),
                        address,
                        config.brokerHeartbeatInterval(),
                        lease.leaseMs(),
                        lease.pollMs(config.syncBrokerMetadataPeriod()),
                        lease.heartbeatTimeoutMs()),
                link,
                scheduler,
                new BrokerIdFile(config.configDir().resolve("controllerBrokerId")),
                epochs,
                roleSwitch,
                store::commitLogMaxOffset);
        roleSwitch.setOwnId(agent::brokerId);
        appender.setWriteGuard(agent::writeLeaseHeld); // the lease read on every append
        agent.setSyncStateWatcher(new SyncStateWatcher(
                link,
                roleSwitch::epochsOf,
                store::commitLogMaxOffset,
                clock,
                config.haMaxTimeSlaveNotCatchup(),
                roleSwitch.syncStateAcks()));
        ControllerModeProcessor processor = new ControllerModeProcessor(
                info -> scheduler.schedule("controller-notice", 0, () -> agent.onRoleNotice(info)),
                () -> new EpochCache(
                        config.brokerClusterName(),
                        config.brokerName(),
                        agent.brokerId(),
                        epochs.entries(),
                        store.commitLogMaxOffset()),
                () -> roleSwitch.replication() == null
                        ? ""
                        : roleSwitch.replication().haServerAddr(),
                roleSwitch::haClientAddress);
        transport.registerProcessor(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED, processor, adminExecutor);
        transport.registerProcessor(ControllerModeProcessor.GET_BROKER_EPOCH_CACHE, processor, adminExecutor);
        return new ControllerMode(roleSwitch, replication, scheduler, agent);
    }

    public BrokerRoleSwitch roleSwitch() {
        return roleSwitch;
    }

    public ControllerAgent agent() {
        return agent;
    }

    /** The replication the role switch started with (the slave side until the controller decides). */
    public Replication initialReplication() {
        return initialReplication;
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            try {
                scheduler.close();
            } finally {
                roleSwitch.close();
            }
        }
    }
}
