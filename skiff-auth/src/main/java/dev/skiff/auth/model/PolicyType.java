package dev.skiff.auth.model;

/** An ACL holds up to two policies: {@code Custom} is consulted first, {@code Default} only when no custom entry matched. */
public enum PolicyType implements Names.Named {
    CUSTOM("Custom"),
    DEFAULT("Default");

    private final String wireName;

    PolicyType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static PolicyType parse(String text) {
        return Names.parse(PolicyType.class, text, "policy type");
    }
}
