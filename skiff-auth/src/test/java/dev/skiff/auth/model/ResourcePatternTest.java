package dev.skiff.auth.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcePatternTest {

    @Test
    void parsesTheFourForms() {
        assertThat(ResourcePattern.parse("*"))
                .isEqualTo(new ResourcePattern(ResourceType.ANY, null, ResourcePattern.Kind.ANY));
        assertThat(ResourcePattern.parse("Topic:*"))
                .isEqualTo(new ResourcePattern(ResourceType.TOPIC, null, ResourcePattern.Kind.ANY));
        assertThat(ResourcePattern.parse("topic:order-*"))
                .isEqualTo(new ResourcePattern(ResourceType.TOPIC, "order-", ResourcePattern.Kind.PREFIXED));
        assertThat(ResourcePattern.parse("Group:g1"))
                .isEqualTo(new ResourcePattern(ResourceType.GROUP, "g1", ResourcePattern.Kind.LITERAL));
        assertThat(ResourcePattern.parse("topic:order-*").key()).isEqualTo("Topic:order-*");
        assertThat(ResourcePattern.parse("Cluster:DefaultCluster").key()).isEqualTo("Cluster:DefaultCluster");
    }

    @Test
    void refusesMalformedResources() {
        assertThatThrownBy(() -> ResourcePattern.parse("orders")).hasMessageContaining("Type:name");
        assertThatThrownBy(() -> ResourcePattern.parse("Queue:orders")).hasMessageContaining("resource type");
        assertThatThrownBy(() -> ResourcePattern.parse("Topic:")).hasMessageContaining("resource name");
        assertThatThrownBy(() -> ResourcePattern.parse(" ")).hasMessageContaining("blank");
    }

    @Test
    void literalPrefixAndWildcardsMatch() {
        ResourcePattern literal = ResourcePattern.parse("Topic:orders");
        assertThat(literal.matches(ResourceType.TOPIC, "orders")).isTrue();
        assertThat(literal.matches(ResourceType.TOPIC, "orders2")).isFalse();
        assertThat(literal.matches(ResourceType.GROUP, "orders")).isFalse();

        ResourcePattern prefix = ResourcePattern.parse("Topic:order-*");
        assertThat(prefix.matches(ResourceType.TOPIC, "order-eu")).isTrue();
        assertThat(prefix.matches(ResourceType.TOPIC, "order-")).isTrue();
        assertThat(prefix.matches(ResourceType.TOPIC, "order")).isFalse();
        assertThat(prefix.matches(ResourceType.GROUP, "order-eu")).isFalse();

        ResourcePattern anyTopic = ResourcePattern.parse("Topic:*");
        assertThat(anyTopic.matches(ResourceType.TOPIC, "x")).isTrue();
        assertThat(anyTopic.matches(ResourceType.GROUP, "x")).isFalse();

        ResourcePattern everything = ResourcePattern.parse("*");
        assertThat(everything.matches(ResourceType.GROUP, "x")).isTrue();
        assertThat(everything.matches(ResourceType.TOPIC, "y")).isTrue();
    }

    @Test
    void specificityOrdersLiteralThenLongerPrefixThenTypeWildcardThenAny() {
        long literal = ResourcePattern.parse("Topic:order-eu").specificity();
        long longPrefix = ResourcePattern.parse("Topic:order-*").specificity();
        long shortPrefix = ResourcePattern.parse("Topic:o*").specificity();
        long typeWildcard = ResourcePattern.parse("Topic:*").specificity();
        long any = ResourcePattern.parse("*").specificity();
        assertThat(literal).isGreaterThan(longPrefix);
        assertThat(longPrefix).isGreaterThan(shortPrefix);
        assertThat(shortPrefix).isGreaterThan(typeWildcard);
        assertThat(typeWildcard).isGreaterThan(any);
    }
}
