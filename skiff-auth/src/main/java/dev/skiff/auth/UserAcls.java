package dev.skiff.auth;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.User;
import java.util.HashMap;
import java.util.Map;

/**
 * The ACL of each user of one snapshot, by user name: the request check finds a user's ACL
 * without building its subject key ({@code User:<name>}) per request. Built once per published
 * snapshot (at most {@code AuthStore}'s user bound entries), immutable.
 */
record UserAcls(AuthSnapshot snapshot, Map<String, Acl> byUser) {
    static final UserAcls EMPTY = of(AuthSnapshot.EMPTY);

    static UserAcls of(AuthSnapshot snapshot) {
        Map<String, Acl> byUser = new HashMap<>();
        for (User user : snapshot.users().values()) {
            Acl acl = snapshot.acl(user.subjectKey());
            if (acl != null) {
                byUser.put(user.username(), acl);
            }
        }
        return new UserAcls(snapshot, Map.copyOf(byUser));
    }

    /** The ACL of {@code user}, or null. */
    Acl aclOf(User user) {
        return byUser.get(user.username());
    }
}
