package dev.skiff.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not part of the suite: the cost of one guard check (signature + policy) of a
 * SEND_MESSAGE_V2 with the official client's header fields and a 1 KiB body, on one thread.
 * Run with {@code -Dskiff.authMeasure=true -Dtest=AuthGuardCostMeasure}.
 */
@EnabledIfSystemProperty(named = "skiff.authMeasure", matches = "true")
class AuthGuardCostMeasure {

    @Test
    void checkCost() throws Exception {
        AuthSettings settings = new AuthSettings(true, true, null, null, Set.of(), Set.of());
        AuthStore store = AuthStore.inMemory(List.of());
        store.update(s -> AuthStore.withUser(s, new User("alice", "alice-secret", UserType.NORMAL, UserStatus.ENABLE)));
        PolicyEntry pub =
                new PolicyEntry(ResourcePattern.parse("Topic:orders"), Set.of(Action.PUB), List.of(), Decision.ALLOW);
        store.update(s -> AuthStore.withAcl(s, new Acl("User:alice", Map.of(PolicyType.CUSTOM, List.of(pub)))));
        AuthGuard guard = new AuthGuard(settings, store, RequestRules.broker());
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .putExtField("a", "pg")
                .putExtField("b", "orders")
                .putExtField("c", "TBW102")
                .putExtField("d", "4")
                .putExtField("e", "1")
                .putExtField("f", "0")
                .putExtField("g", "1733550000000")
                .putExtField("h", "0")
                .putExtField("i", "UNIQ_KEY\u00010A0B0C0D0E0F\u0002WAIT\u0001true\u0002TAGS\u0001t")
                .putExtField("j", "0")
                .putExtField("m", "false")
                .body(new byte[1024]);
        new SigningHook(new Credentials("alice", "alice-secret")).beforeRequest("x", request);
        FakeChannel channel = FakeChannel.at("127.0.0.1", 40_000);
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (guard.check(channel, request) != null) {
                    throw new AssertionError("refused");
                }
            }
            long ns = System.nanoTime() - start;
            System.out.printf(
                    "round %d: %.0f ns per check, %.0f checks/s on one thread%n", round, (double) ns / n, n * 1e9 / ns);
        }
        // baseline: the HMAC alone over the same bytes, with a MAC keyed once
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec("alice-secret".getBytes(), "HmacSHA1"));
        byte[] content = dev.skiff.auth.sign.AclSigner.content(request.extFields(), request.body(), 479);
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                mac.doFinal(content);
            }
            long ns = System.nanoTime() - start;
            System.out.printf("baseline %d: %.0f ns per HMAC of %d bytes%n", round, (double) ns / n, content.length);
        }
        assertThat(guard.authorizationRefusals()).isZero();
    }
}
