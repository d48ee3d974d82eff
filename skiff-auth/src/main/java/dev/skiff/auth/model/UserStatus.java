package dev.skiff.auth.model;

/** A disabled user is refused like an unknown one. Wire names are lower case, as the official tools write them. */
public enum UserStatus implements Names.Named {
    ENABLE("enable"),
    DISABLE("disable");

    private final String wireName;

    UserStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static UserStatus parse(String text) {
        return Names.parse(UserStatus.class, text, "user status");
    }
}
