package dev.skiff.auth.model;

/** The kinds of resource a policy names; {@code Any} only as the resource {@code *}. */
public enum ResourceType implements Names.Named {
    ANY("Any"),
    CLUSTER("Cluster"),
    NAMESPACE("Namespace"),
    TOPIC("Topic"),
    GROUP("Group");

    private final String wireName;

    ResourceType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static ResourceType parse(String text) {
        return Names.parse(ResourceType.class, text, "resource type");
    }
}
