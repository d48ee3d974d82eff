package dev.skiff.auth.model;

/** What a matching policy entry decides. */
public enum Decision implements Names.Named {
    ALLOW("Allow"),
    DENY("Deny");

    private final String wireName;

    Decision(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Decision parse(String text) {
        return Names.parse(Decision.class, text, "decision");
    }
}
