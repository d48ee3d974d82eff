package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.rules.AccessRule;
import dev.skiff.auth.rules.RequestCodes;
import dev.skiff.auth.rules.RequestRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request code Skiff knows, sent to a broker and a name server with authentication and
 * authorization on: unsigned, each is refused (a name server's route reads excepted); signed by a
 * normal user with a grant on every topic and group, each admin code is still refused. The codes
 * come from the code table itself, so a code added later is covered without touching this test.
 */
class AuthCodeTableTest {
    @TempDir
    Path dir;

    private AuthCluster cluster;
    private NettyRemotingClient raw;

    @BeforeEach
    void start() throws Exception {
        cluster = new AuthCluster(dir);
        DefaultMQAdminExt admin = cluster.admin(AuthCluster.ADMIN, AuthCluster.ADMIN_SECRET);
        try {
            admin.createUser(cluster.brokerAddr(), "bob", "bob-secret", "Normal");
            admin.createAcl(cluster.brokerAddr(), "User:bob", List.of("*"), List.of("All"), List.of(), "Allow");
        } finally {
            admin.shutdown();
        }
        raw = new NettyRemotingClient(new NettyClientConfig());
        raw.start();
    }

    @AfterEach
    void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private RemotingCommand call(String addr, int code, AclClientRPCHook signer) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        if (signer != null) {
            signer.doBeforeRequest(addr, request);
        }
        return raw.invokeSync(addr, request, 10_000);
    }

    @Test
    void everyCodeUnsignedIsRefused() throws Exception {
        Map<Integer, AccessRule> namesrvRules = RequestRules.namesrv();
        List<String> served = new ArrayList<>();
        for (Map.Entry<Integer, String> code : RequestCodes.names().entrySet()) {
            RemotingCommand atBroker = call(cluster.brokerAddr(), code.getKey(), null);
            assertThat(atBroker.getCode())
                    .as("broker, unsigned %s", code.getValue())
                    .isEqualTo(ResponseCode.NO_PERMISSION);
            RemotingCommand atNamesrv = call(cluster.namesrvAddr(), code.getKey(), null);
            if (namesrvRules.get(code.getKey()) instanceof AccessRule.Open) {
                served.add(code.getValue());
                assertThat(atNamesrv.getCode())
                        .as("name server, open %s", code.getValue())
                        .isNotEqualTo(ResponseCode.NO_PERMISSION);
            } else {
                assertThat(atNamesrv.getCode())
                        .as("name server, unsigned %s", code.getValue())
                        .isEqualTo(ResponseCode.NO_PERMISSION);
            }
        }
        assertThat(served)
                .contains("GET_ROUTEINFO_BY_TOPIC", "GET_BROKER_CLUSTER_INFO")
                .hasSize(9);
        assertThat(cluster.namesrv().registry().liveBrokerCount()).isEqualTo(1); // still registered
    }

    @Test
    void everyAdminCodeIsRefusedToANormalUserWithEveryGrant() throws Exception {
        AclClientRPCHook bob = AuthCluster.hook("bob", "bob-secret");
        int admin = 0;
        for (Map.Entry<Integer, AccessRule> rule : RequestRules.broker().entrySet()) {
            if (!(rule.getValue() instanceof AccessRule.SuperOnly)) {
                continue;
            }
            admin++;
            RemotingCommand answer = call(cluster.brokerAddr(), rule.getKey(), bob);
            assertThat(answer.getCode())
                    .as("broker, %s by a normal user", RequestCodes.name(rule.getKey()))
                    .isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(answer.getRemark()).contains("super user");
        }
        assertThat(admin).isGreaterThan(50);
    }
}
