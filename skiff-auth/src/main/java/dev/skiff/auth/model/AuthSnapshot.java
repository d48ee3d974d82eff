package dev.skiff.auth.model;

import java.util.Map;

/**
 * Every user and ACL at one moment, immutable: what request checks read (one volatile read, no
 * lock, no file). Changes build a new snapshot and publish it whole.
 *
 * @param users by user name
 * @param acls by subject key ({@code User:<name>})
 */
public record AuthSnapshot(Map<String, User> users, Map<String, Acl> acls) {
    public static final AuthSnapshot EMPTY = new AuthSnapshot(Map.of(), Map.of());

    public AuthSnapshot {
        users = Map.copyOf(users);
        acls = Map.copyOf(acls);
    }

    public User user(String username) {
        return username == null ? null : users.get(username);
    }

    public Acl acl(String subject) {
        return acls.get(subject);
    }
}
