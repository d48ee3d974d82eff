package dev.skiff.auth.model;

/**
 * What a request does to a resource. Wire names as the official tools write them; {@code All} in a
 * policy grants every action. {@code Any} is only ever asked for, never granted.
 */
public enum Action implements Names.Named {
    ALL("All"),
    ANY("Any"),
    PUB("Pub"),
    SUB("Sub"),
    CREATE("Create"),
    UPDATE("Update"),
    DELETE("Delete"),
    GET("Get"),
    LIST("List");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Action parse(String text) {
        return Names.parse(Action.class, text, "action");
    }
}
