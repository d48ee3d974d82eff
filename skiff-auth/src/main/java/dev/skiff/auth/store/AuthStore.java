package dev.skiff.auth.store;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.common.io.JsonTableFile;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Users and ACLs of one server: an immutable {@link AuthSnapshot} published through a volatile
 * field (request checks read it without a lock or file), and, on a broker, the file that keeps
 * them across restarts.
 *
 * <p>File {@code <storePathRootDir>/config/auth.json}, written atomically through
 * {@link JsonTableFile} (temp file, fsync, rename, previous kept as {@code .bak}):
 *
 * <pre>
 * {"version":1,
 *  "users":{"alice":{UserInfo}, ...},          see {@link AuthJson}
 *  "acls":{"User:alice":{AclInfo}, ...}}
 * </pre>
 *
 * <p>Changes ({@link #update}) are serialized on this object's monitor (only management requests
 * take it, never a request check): the new snapshot is built, written to the file, and only then
 * published, so a failed write changes nothing. Config users (the inner credentials) are laid over
 * the stored ones as super users; they are not written to the file and cannot be changed by
 * management requests.
 */
public final class AuthStore {
    public static final int USERS_MAX = 10_000;
    public static final int ACLS_MAX = 10_000;
    static final int FILE_VERSION = 1;

    private final JsonTableFile file;
    private final Map<String, User> configUsers;
    /** What the file holds (users and ACLs from management requests). */
    private AuthSnapshot stored;
    /** {@link #stored} with the config users laid over it: what request checks read. */
    private volatile AuthSnapshot published;

    private AuthStore(JsonTableFile file, List<User> configUsers, AuthSnapshot stored) {
        this.file = file;
        Map<String, User> byName = new HashMap<>();
        configUsers.forEach(user -> byName.put(user.username(), user));
        this.configUsers = Map.copyOf(byName);
        this.stored = stored;
        this.published = overlay(stored);
    }

    /** A store kept in {@code path}; loads it when it exists. */
    public static AuthStore open(Path path, List<User> configUsers) throws IOException {
        JsonTableFile file = new JsonTableFile(path);
        AuthSnapshot loaded = file.read(AuthStore::decode);
        return new AuthStore(file, configUsers, loaded == null ? AuthSnapshot.EMPTY : loaded);
    }

    /** A store in memory only (a name server: its users come from its config). */
    public static AuthStore inMemory(List<User> configUsers) {
        return new AuthStore(null, configUsers, AuthSnapshot.EMPTY);
    }

    /** The users and ACLs now; never blocks. */
    public AuthSnapshot snapshot() {
        return published;
    }

    /** Whether {@code username} is one of the users from the config (not changeable at run time). */
    public boolean isConfigUser(String username) {
        return configUsers.containsKey(username);
    }

    /**
     * Creates {@code user} as a super user unless a user of that name is stored: the official
     * {@code initAuthenticationUser}, kept in the file from then on.
     */
    public synchronized void createInitialUser(User user) throws IOException {
        if (stored.user(user.username()) != null) {
            return;
        }
        User superUser = new User(user.username(), user.password(), UserType.SUPER, UserStatus.ENABLE);
        update(snapshot -> withUser(snapshot, superUser));
    }

    /**
     * Applies {@code change} to the stored users and ACLs, writes the result and publishes it.
     * The change throws {@link IllegalArgumentException} (bad input) or {@link AuthStoreException}
     * (refused: unknown user, ...) to leave everything as it was.
     */
    public synchronized void update(UnaryOperator<AuthSnapshot> change) throws IOException {
        AuthSnapshot next = change.apply(stored);
        if (next.users().size() > USERS_MAX) {
            throw new AuthStoreException("at most " + USERS_MAX + " users");
        }
        if (next.acls().size() > ACLS_MAX) {
            throw new AuthStoreException("at most " + ACLS_MAX + " ACL subjects");
        }
        if (file != null) {
            file.write(encode(next));
        }
        stored = next;
        published = overlay(next);
    }

    /** The stored users and ACLs only (no config users): what a file and a slave copy hold. */
    public synchronized AuthSnapshot stored() {
        return stored;
    }

    public static AuthSnapshot withUser(AuthSnapshot snapshot, User user) {
        Map<String, User> users = new HashMap<>(snapshot.users());
        users.put(user.username(), user);
        return new AuthSnapshot(users, snapshot.acls());
    }

    public static AuthSnapshot withoutUser(AuthSnapshot snapshot, String username) {
        Map<String, User> users = new HashMap<>(snapshot.users());
        users.remove(username);
        Map<String, Acl> acls = new HashMap<>(snapshot.acls());
        acls.remove(dev.skiff.auth.model.Subjects.of(username));
        return new AuthSnapshot(users, acls);
    }

    public static AuthSnapshot withAcl(AuthSnapshot snapshot, Acl acl) {
        Map<String, Acl> acls = new HashMap<>(snapshot.acls());
        if (acl.isEmpty()) {
            acls.remove(acl.subject());
        } else {
            acls.put(acl.subject(), acl);
        }
        return new AuthSnapshot(snapshot.users(), acls);
    }

    private AuthSnapshot overlay(AuthSnapshot base) {
        if (configUsers.isEmpty()) {
            return base;
        }
        Map<String, User> users = new HashMap<>(base.users());
        users.putAll(configUsers);
        return new AuthSnapshot(users, base.acls());
    }

    static JsonObject encode(AuthSnapshot snapshot) {
        JsonObject users = new JsonObject();
        snapshot.users().values().stream()
                .sorted((a, b) -> a.username().compareTo(b.username()))
                .forEach(user -> users.put(user.username(), AuthJson.user(user)));
        JsonObject acls = new JsonObject();
        snapshot.acls().values().stream()
                .sorted((a, b) -> a.subject().compareTo(b.subject()))
                .forEach(acl -> acls.put(acl.subject(), AuthJson.acl(acl)));
        return new JsonObject().put("version", FILE_VERSION).put("users", users).put("acls", acls);
    }

    static AuthSnapshot decode(JsonObject root) {
        int version = root.getInt("version", FILE_VERSION);
        if (version != FILE_VERSION) {
            throw new IllegalArgumentException("unknown auth file version " + version);
        }
        Map<String, User> users = new HashMap<>();
        JsonObject usersJson = root.getObject("users");
        if (usersJson != null) {
            for (Map.Entry<Object, JsonValue> entry : usersJson.entries()) {
                User user = AuthJson.user(entry.getValue().asObject(), null, null);
                users.put(user.username(), user);
            }
        }
        Map<String, Acl> acls = new HashMap<>();
        JsonObject aclsJson = root.getObject("acls");
        if (aclsJson != null) {
            for (Map.Entry<Object, JsonValue> entry : aclsJson.entries()) {
                Acl acl = AuthJson.acl(entry.getValue().asObject(), null);
                acls.put(acl.subject(), acl);
            }
        }
        return new AuthSnapshot(users, acls);
    }
}
