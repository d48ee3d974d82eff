package dev.skiff.auth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.IpRange;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourcePattern;
import dev.skiff.auth.model.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
    private static final byte[] LOCAL = IpRange.addressBytes("127.0.0.1");

    private static PolicyEntry entry(String resource, Decision decision, Action... actions) {
        return new PolicyEntry(ResourcePattern.parse(resource), Set.of(actions), List.of(), decision);
    }

    private static Acl custom(PolicyEntry... entries) {
        return new Acl("User:alice", Map.of(PolicyType.CUSTOM, List.of(entries)));
    }

    private static Check pub(String topic) {
        return new Check(ResourceType.TOPIC, topic, Set.of(Action.PUB));
    }

    @Test
    void noAclOrNoMatchingEntryIsDenied() {
        assertThat(Authorizer.allows(null, pub("t"), LOCAL)).isFalse();
        Acl acl = custom(entry("Topic:other", Decision.ALLOW, Action.PUB));
        assertThat(Authorizer.allows(acl, pub("t"), LOCAL)).isFalse();
        Acl wrongAction = custom(entry("Topic:t", Decision.ALLOW, Action.SUB));
        assertThat(Authorizer.allows(wrongAction, pub("t"), LOCAL)).isFalse();
    }

    @Test
    void allGrantsEveryActionAndAnyOfTheAskedActionsIsEnough() {
        assertThat(Authorizer.allows(custom(entry("Topic:t", Decision.ALLOW, Action.ALL)), pub("t"), LOCAL))
                .isTrue();
        Check subOrGet = new Check(ResourceType.TOPIC, "t", Set.of(Action.SUB, Action.GET));
        assertThat(Authorizer.allows(custom(entry("Topic:t", Decision.ALLOW, Action.GET)), subOrGet, LOCAL))
                .isTrue();
    }

    @Test
    void denyWinsOverAllowOnTheSameResource() {
        Acl acl = custom(
                entry("Topic:t", Decision.ALLOW, Action.PUB),
                entry("Topic:t", Decision.DENY, Action.PUB)); // two entries, same specificity
        assertThat(Authorizer.allows(acl, pub("t"), LOCAL)).isFalse();
        Acl wildcards =
                custom(entry("Topic:*", Decision.DENY, Action.PUB), entry("Topic:*", Decision.ALLOW, Action.ALL));
        assertThat(Authorizer.allows(wildcards, pub("x"), LOCAL)).isFalse();
    }

    @Test
    void theMostSpecificResourceDecidesAsOnTheOfficialBroker() {
        Acl acl = custom(
                entry("*", Decision.DENY, Action.ALL),
                entry("Topic:order-*", Decision.ALLOW, Action.PUB),
                entry("Topic:order-secret", Decision.DENY, Action.PUB));
        assertThat(Authorizer.allows(acl, pub("order-eu"), LOCAL)).isTrue();
        assertThat(Authorizer.allows(acl, pub("order-secret"), LOCAL)).isFalse();
        assertThat(Authorizer.allows(acl, pub("billing"), LOCAL)).isFalse();
    }

    @Test
    void defaultPolicyIsOnlyConsultedWhenNoCustomEntryMatches() {
        Acl acl = new Acl(
                "User:alice",
                Map.of(
                        PolicyType.CUSTOM, List.of(entry("Topic:t", Decision.DENY, Action.PUB)),
                        PolicyType.DEFAULT, List.of(entry("*", Decision.ALLOW, Action.ALL))));
        assertThat(Authorizer.allows(acl, pub("t"), LOCAL)).isFalse();
        assertThat(Authorizer.allows(acl, pub("u"), LOCAL)).isTrue();
    }

    @Test
    void sourceRangesLimitWhereAnEntryApplies() {
        PolicyEntry fromTen = new PolicyEntry(
                ResourcePattern.parse("Topic:t"),
                Set.of(Action.PUB),
                List.of(IpRange.parse("10.0.0.0/8")),
                Decision.ALLOW);
        Acl acl = custom(fromTen);
        assertThat(Authorizer.allows(acl, pub("t"), IpRange.addressBytes("10.3.4.5")))
                .isTrue();
        assertThat(Authorizer.allows(acl, pub("t"), LOCAL)).isFalse();
        assertThat(Authorizer.allows(acl, pub("t"), null)).isFalse();
    }
}
