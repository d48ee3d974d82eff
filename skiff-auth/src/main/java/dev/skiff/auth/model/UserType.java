package dev.skiff.auth.model;

/** A super user may do everything; a normal user what its policies allow. */
public enum UserType implements Names.Named {
    SUPER("Super"),
    NORMAL("Normal");

    private final String wireName;

    UserType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static UserType parse(String text) {
        return Names.parse(UserType.class, text, "user type");
    }
}
