package dev.skiff.auth.store;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.User;
import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's users and ACLs, with the official management requests
 * {@code AUTH_LIST_USER} (3005) and {@code AUTH_LIST_ACL} (3010), signed like every request the
 * broker sends (the inner credentials, a super user on the master). At most once per
 * {@code intervalMs} (and at once after a change of master); the slave's stored users and ACLs are
 * replaced, and written, only when they differ from the master's, so an unchanged table costs two
 * requests and no disk write. Called from the broker's metadata copy thread only.
 */
public final class AuthCopy {
    private static final Logger log = LoggerFactory.getLogger(AuthCopy.class);
    public static final long INTERVAL_MS = 2_000;
    static final long CALL_TIMEOUT_MS = 3_000;

    private final AuthStore store;
    private final long intervalMs;
    private String copiedFrom;
    private long lastCopyMs;

    public AuthCopy(AuthStore store, long intervalMs) {
        this.store = store;
        this.intervalMs = intervalMs;
    }

    /**
     * Copies from {@code master} when due; returns the body bytes fetched (0 when not due).
     *
     * @throws IllegalStateException when the master refuses or answers something unreadable
     */
    public long copyFrom(RemotingClient client, String master, long nowMs)
            throws RemotingException, InterruptedException, IOException {
        if (master.equals(copiedFrom) && nowMs - lastCopyMs < intervalMs) {
            return 0;
        }
        RemotingCommand users = call(client, master, RequestCode.AUTH_LIST_USER);
        RemotingCommand acls = call(client, master, RequestCode.AUTH_LIST_ACL);
        AuthSnapshot copy = new AuthSnapshot(decodeUsers(users.body()), decodeAcls(acls.body()));
        copiedFrom = master;
        lastCopyMs = nowMs;
        if (!copy.equals(store.stored())) {
            store.update(current -> copy);
            log.info(
                    "copied {} users and {} ACLs from master {}",
                    copy.users().size(),
                    copy.acls().size(),
                    master);
        }
        return length(users) + length(acls);
    }

    private static RemotingCommand call(RemotingClient client, String master, int code)
            throws RemotingException, InterruptedException {
        RemotingCommand response = client.invokeSync(master, RemotingCommand.request(code), CALL_TIMEOUT_MS);
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw new IllegalStateException(
                    "request " + code + " answered " + response.code() + " " + response.remark());
        }
        return response;
    }

    private static Map<String, User> decodeUsers(byte[] body) {
        Map<String, User> users = new HashMap<>();
        if (body != null && body.length > 0) {
            for (JsonValue value : Json.parse(body).asArray()) {
                User user = AuthJson.user(value.asObject(), null, null);
                users.put(user.username(), user);
            }
        }
        return users;
    }

    private static Map<String, Acl> decodeAcls(byte[] body) {
        Map<String, Acl> acls = new HashMap<>();
        if (body != null && body.length > 0) {
            for (JsonValue value : Json.parse(body).asArray()) {
                Acl acl = AuthJson.acl(value.asObject(), null);
                acls.put(acl.subject(), acl);
            }
        }
        return acls;
    }

    private static long length(RemotingCommand response) {
        return response.body() == null ? 0 : response.body().length;
    }
}
