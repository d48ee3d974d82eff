package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.broker.BrokerServer;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.common.SkiffClock;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerSecurity;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.TlsOptions;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.ElectMasterRequestHeader;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role notices to brokers with authentication on, in one JVM on 127.0.0.1: a name server, one
 * controller peer and two brokers of one group in controller mode, each broker with {@code
 * authenticationEnabled} and the group's inner credentials. An operator elects the slave; with the
 * controller signing its notices both brokers take the notice (counted by the broker's controller
 * agent, past the request checks); without signing every notice is refused and the brokers learn
 * the new role from their own polls only. With its inner credentials the controller also checks the
 * signature of every request it receives: the brokers' registrations, heartbeats and polls pass
 * because they sign with the same credentials, and the operator's election is signed with them.
 */
@Timeout(180)
class SignedRoleNoticeTest {
    private static final String INNER = "{\"accessKey\":\"skiff-inner\",\"secretKey\":\"inner-secret-1\"}";
    private static final SkiffClock CLOCK = SkiffClock.system();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aSignedNoticeReachesABrokerWithAuthenticationOn() throws Exception {
        BrokerServer[] brokers = startGroup(true);
        long before = brokers[0].controllerAgent().noticesReceived()
                + brokers[1].controllerAgent().noticesReceived();
        BrokerServer elected = electTheSlave(brokers);
        long t0 = System.nanoTime();
        await(
                Duration.ofSeconds(30),
                "the notice to reach the elected slave",
                () -> elected.controllerAgent().noticesReceived() > 0);
        await(
                Duration.ofSeconds(30),
                "the elected slave to become master",
                () -> elected.controllerAgent().isMaster());
        System.out.printf("elected slave master %d ms after the election%n", (System.nanoTime() - t0) / 1_000_000);
        await(
                Duration.ofSeconds(30),
                "both brokers to take the notice",
                () -> brokers[0].controllerAgent().noticesReceived()
                                + brokers[1].controllerAgent().noticesReceived()
                        >= before + 2);
    }

    @Test
    void anUnsignedNoticeIsRefusedAndOnlyThePollSwitchesTheRole() throws Exception {
        BrokerServer[] brokers = startGroup(false);
        BrokerServer elected = electTheSlave(brokers);
        // the broker still learns its role from its own polls of the controller (every ~3 s here)
        await(
                Duration.ofSeconds(60),
                "the elected slave to become master by its poll",
                () -> elected.controllerAgent().isMaster());
        assertThat(brokers[0].controllerAgent().noticesReceived()).isZero();
        assertThat(brokers[1].controllerAgent().noticesReceived()).isZero();
    }

    private ControllerServer controller;

    private BrokerServer[] startGroup(boolean signNotices) throws Exception {
        NamesrvServer namesrv = new NamesrvServer(
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir.resolve("namesrv")), CLOCK);
        namesrv.start();
        open.add(namesrv::close);
        controller = new ControllerServer(
                ControllerConfig.of(
                        "n0", "127.0.0.1", 0, Map.of("n0", "127.0.0.1:" + freePort()), new File(dir.toFile(), "n0")),
                CLOCK,
                new ControllerSecurity(TlsOptions.disabled(), false, signNotices ? Credentials.parse(INNER) : null));
        open.add(controller);
        controller.start();
        ControllerServer c = controller;
        // brokers poll rarely here: they must find a leader that announced its address at the first try
        await(
                Duration.ofSeconds(60),
                "the controller to lead and announce itself",
                () -> c.isLeader() && c.address().equals(c.state().peerAddress("n0")));
        BrokerServer[] brokers = new BrokerServer[2];
        for (int i = 0; i < 2; i++) {
            Properties p = new Properties();
            p.setProperty("listenHost", "127.0.0.1");
            p.setProperty("listenPort", "0");
            p.setProperty("brokerIP1", "127.0.0.1");
            p.setProperty("haListenPort", Integer.toString(freePort()));
            p.setProperty("namesrvAddr", namesrv.address());
            p.setProperty("storePathRootDir", dir.resolve("broker-" + i).toString());
            p.setProperty("mappedFileSizeCommitLog", Integer.toString(64 << 20));
            p.setProperty("brokerName", "signed-group");
            p.setProperty("enableControllerMode", "true");
            p.setProperty("controllerAddr", controller.address());
            p.setProperty("authenticationEnabled", "true");
            p.setProperty("innerClientAuthenticationCredentials", INNER);
            brokers[i] = new BrokerServer(BrokerConfig.fromProperties(p), CLOCK);
            open.add(brokers[i]);
            brokers[i].start();
            if (i == 0) {
                BrokerServer first = brokers[0];
                await(
                        Duration.ofSeconds(60),
                        "the first broker to be master",
                        () -> first.controllerAgent().isMaster());
            }
        }
        return brokers;
    }

    /** Elects the non-master broker (retrying until it is in the sync-state set); returns it. */
    private BrokerServer electTheSlave(BrokerServer[] brokers) throws Exception {
        BrokerServer slave = brokers[0].controllerAgent().isMaster() ? brokers[1] : brokers[0];
        await(
                Duration.ofSeconds(60),
                "the slave to know its id",
                () -> slave.controllerAgent().brokerId() > 0);
        NettyRemotingClient admin = new NettyRemotingClient(RemotingClientConfig.defaults());
        admin.addRpcHook(new SigningHook(Credentials.parse(INNER))); // a controller with auth checks elections
        open.add(admin::shutdown);
        await(Duration.ofSeconds(60), "the controller to elect the slave", () -> {
            RemotingCommand request = RemotingCommand.request(
                    ControllerCodes.CONTROLLER_ELECT_MASTER,
                    new ElectMasterRequestHeader(
                            "DefaultCluster",
                            "signed-group",
                            slave.controllerAgent().brokerId(),
                            true,
                            System.currentTimeMillis()));
            try {
                return admin.invokeSync(controller.address(), request, 5_000).code() == 0;
            } catch (Exception e) {
                return false;
            }
        });
        return slave;
    }

    private static int freePort() throws Exception {
        return ChildSkiff.freePort();
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws Exception {
        if (!Await.until(timeout, condition::getAsBoolean)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }
}
