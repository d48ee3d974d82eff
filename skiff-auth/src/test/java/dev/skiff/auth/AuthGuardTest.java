package dev.skiff.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.IpRange;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourcePattern;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.auth.rules.RequestRules;
import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.FakeChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthGuardTest {
    private static final FakeChannel LOCAL = FakeChannel.at("127.0.0.1", 40_000);
    private AuthStore store;
    private AuthGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        AuthSettings settings =
                new AuthSettings(true, true, null, new Credentials("inner", "innerSecret"), Set.of(), Set.of());
        store = AuthStore.inMemory(List.of(settings.innerUser()));
        store.update(s -> AuthStore.withUser(s, new User("alice", "aliceSecret", UserType.NORMAL, UserStatus.ENABLE)));
        store.update(s -> AuthStore.withUser(s, new User("off", "offSecret", UserType.NORMAL, UserStatus.DISABLE)));
        PolicyEntry pubOrders =
                new PolicyEntry(ResourcePattern.parse("Topic:orders"), Set.of(Action.PUB), List.of(), Decision.ALLOW);
        PolicyEntry fromTen = new PolicyEntry(
                ResourcePattern.parse("Topic:audit"),
                Set.of(Action.PUB),
                List.of(IpRange.parse("10.0.0.0/8")),
                Decision.ALLOW);
        store.update(s ->
                AuthStore.withAcl(s, new Acl("User:alice", Map.of(PolicyType.CUSTOM, List.of(pubOrders, fromTen)))));
        guard = new AuthGuard(settings, store, RequestRules.broker());
    }

    private static RemotingCommand send(String topic) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExtField("a", "pg")
                .putExtField("b", topic)
                .body("hello".getBytes(StandardCharsets.UTF_8));
    }

    private static RemotingCommand signed(RemotingCommand request, String accessKey, String secret) {
        new SigningHook(new Credentials(accessKey, secret)).beforeRequest("x", request);
        return request;
    }

    @Test
    void aSignedAllowedRequestPasses() {
        assertThat(guard.check(LOCAL, signed(send("orders"), "alice", "aliceSecret")))
                .isNull();
    }

    @Test
    void unsignedRequestsAreRefusedWithTheOfficialCode() {
        RemotingCommand refusal = guard.check(LOCAL, send("orders"));
        assertThat(refusal.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
        assertThat(refusal.remark()).isEqualTo(AuthGuard.UNSIGNED);
        assertThat(guard.authenticationRefusals()).isEqualTo(1);
    }

    @Test
    void unknownUserDisabledUserAndBadSignatureGetTheSameAnswer() {
        RemotingCommand unknown = guard.check(LOCAL, signed(send("orders"), "mallory", "x"));
        RemotingCommand wrong = guard.check(LOCAL, signed(send("orders"), "alice", "guess"));
        RemotingCommand disabled = guard.check(LOCAL, signed(send("orders"), "off", "offSecret"));
        for (RemotingCommand refusal : List.of(unknown, wrong, disabled)) {
            assertThat(refusal.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
            assertThat(refusal.remark()).isEqualTo(AuthGuard.BAD_SIGNATURE);
        }
    }

    @Test
    void aReplayWithAChangedBodyOrFieldIsRefused() {
        RemotingCommand original = signed(send("orders"), "alice", "aliceSecret");
        assertThat(guard.check(LOCAL, original)).isNull();
        original.body("changed".getBytes(StandardCharsets.UTF_8));
        assertThat(guard.check(LOCAL, original).remark()).isEqualTo(AuthGuard.BAD_SIGNATURE);
        RemotingCommand retargeted =
                signed(send("orders"), "alice", "aliceSecret").putExtField("b", "audit");
        assertThat(guard.check(LOCAL, retargeted).remark()).isEqualTo(AuthGuard.BAD_SIGNATURE);
    }

    @Test
    void aNormalUserIsHeldToItsPolicies() {
        RemotingCommand denied = guard.check(LOCAL, signed(send("billing"), "alice", "aliceSecret"));
        assertThat(denied.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
        assertThat(denied.remark()).contains("User:alice", "Pub", "Topic:billing", "127.0.0.1");
        assertThat(guard.check(LOCAL, signed(send("audit"), "alice", "aliceSecret")))
                .isNotNull();
        assertThat(guard.check(FakeChannel.at("10.1.1.1", 40_000), signed(send("audit"), "alice", "aliceSecret")))
                .isNull();
    }

    @Test
    void adminCodesNeedASuperUser() {
        RemotingCommand config = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("maxMessageSize=2048".getBytes(StandardCharsets.UTF_8));
        RemotingCommand byAlice = guard.check(LOCAL, signed(config, "alice", "aliceSecret"));
        assertThat(byAlice.code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
        assertThat(byAlice.remark()).contains("UPDATE_BROKER_CONFIG", "super user");
        RemotingCommand again = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("maxMessageSize=2048".getBytes(StandardCharsets.UTF_8));
        assertThat(guard.check(LOCAL, signed(again, "inner", "innerSecret"))).isNull();
    }

    @Test
    void unknownCodesAreRefusedToNormalUsers() {
        RemotingCommand odd = signed(RemotingCommand.request(65_000), "alice", "aliceSecret");
        assertThat(guard.check(LOCAL, odd).remark()).contains("65000", "super user");
    }

    @Test
    void whitelistedCodesSkipTheChecks() {
        AuthSettings settings = new AuthSettings(
                true, true, null, null, Set.of(RequestCode.SEND_MESSAGE_V2), Set.of(RequestCode.SEND_MESSAGE_V2));
        AuthGuard open = new AuthGuard(settings, store, RequestRules.broker());
        assertThat(open.check(LOCAL, send("billing"))).isNull();
        assertThat(open.check(LOCAL, RemotingCommand.request(RequestCode.PULL_MESSAGE)))
                .isNotNull();
    }

    @Test
    void authorizationAloneTrustsTheNamedUser() {
        AuthSettings settings = new AuthSettings(false, true, null, null, Set.of(), Set.of());
        AuthGuard authzOnly = new AuthGuard(settings, store, RequestRules.broker());
        assertThat(authzOnly.check(LOCAL, send("orders").putExtField("AccessKey", "alice")))
                .isNull();
        assertThat(authzOnly.check(LOCAL, send("orders")).code()).isEqualTo(ResponseCode.NO_PERMISSION.code());
    }

    private static RemotingCommand pull(String topic, String group) {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExtField("topic", topic)
                .putExtField("consumerGroup", group)
                .putExtField("queueId", "0");
    }

    @Test
    void pullsCheckTopicAndGroupAndARetryTopicAsItsGroup() throws Exception {
        PolicyEntry subOrders =
                new PolicyEntry(ResourcePattern.parse("Topic:orders"), Set.of(Action.SUB), List.of(), Decision.ALLOW);
        PolicyEntry subGroup =
                new PolicyEntry(ResourcePattern.parse("Group:cg-*"), Set.of(Action.SUB), List.of(), Decision.ALLOW);
        assertThat(guard.check(LOCAL, signed(pull("orders", "cg-1"), "alice", "aliceSecret"))
                        .remark())
                .contains("User:alice may not Sub on Topic:orders");
        // a new snapshot reaches the guard on the next request
        store.update(s ->
                AuthStore.withAcl(s, new Acl("User:alice", Map.of(PolicyType.CUSTOM, List.of(subOrders, subGroup)))));
        assertThat(guard.check(LOCAL, signed(pull("orders", "cg-1"), "alice", "aliceSecret")))
                .isNull();
        assertThat(guard.check(LOCAL, signed(pull("%RETRY%cg-1", "cg-1"), "alice", "aliceSecret")))
                .isNull();
        assertThat(guard.check(LOCAL, signed(pull("orders", "other"), "alice", "aliceSecret"))
                        .remark())
                .contains("may not Sub on Group:other");
        assertThat(guard.check(LOCAL, signed(pull("%RETRY%other", "cg-1"), "alice", "aliceSecret")))
                .as("a retry topic beside a group field is the group's")
                .isNull();
        assertThat(guard.check(LOCAL, signed(pull("%RETRY%", "%RETRY%"), "alice", "aliceSecret"))
                        .remark())
                .contains("cannot tell which resources PULL_MESSAGE (11) touches");
        RemotingCommand noGroup =
                RemotingCommand.request(RequestCode.PULL_MESSAGE).putExtField("topic", "orders");
        assertThat(guard.check(LOCAL, signed(noGroup, "alice", "aliceSecret")).remark())
                .contains("no 'consumerGroup' field");
        assertThat(guard.authorizationRefusals()).isEqualTo(4);
    }
}
