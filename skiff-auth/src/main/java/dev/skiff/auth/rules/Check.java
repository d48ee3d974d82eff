package dev.skiff.auth.rules;

import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.ResourceType;
import java.util.Set;

/**
 * One question a request asks: may the user do one of {@code actions} on the resource
 * {@code (type, name)}? Any one of the actions granted is enough, as on the official broker.
 */
public record Check(ResourceType type, String name, Set<Action> actions) {
    public Check {
        if (type == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the request names no " + (type == null ? "resource" : type.wireName()));
        }
        actions = Set.copyOf(actions);
    }

    public String resourceKey() {
        return type.wireName() + ":" + name;
    }
}
