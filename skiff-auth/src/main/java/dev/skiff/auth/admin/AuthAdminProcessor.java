package dev.skiff.auth.admin;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourcePattern;
import dev.skiff.auth.model.Subjects;
import dev.skiff.auth.model.User;
import dev.skiff.auth.sign.AclSigner;
import dev.skiff.auth.store.AuthJson;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.auth.store.AuthStoreException;
import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user and ACL management requests of the official admin tools ({@code mqadmin createUser}
 * ... {@code listAcl}, codes 3001–3010), answered as the official broker answers them:
 *
 * <pre>
 * code  header fields                        body in / out
 * 3001  username                             UserInfo in
 * 3002  username                             UserInfo in (blank fields keep their value)
 * 3003  username                             -
 * 3004  username                             UserInfo out (none when the user does not exist)
 * 3005  filter (substring of the name)       [UserInfo] out (none when empty)
 * 3006  subject (User:name)                  AclInfo in: entries merged into the subject's ACL
 * 3007  subject                              AclInfo in: same as 3006
 * 3008  subject, policyType, resource        -  (no resource: the whole ACL)
 * 3009  subject                              AclInfo out (none when the subject has no ACL)
 * 3010  subjectFilter, resourceFilter        [AclInfo] out (none when empty)
 * </pre>
 *
 * Refusals the official broker answers {@code NO_PERMISSION} (unknown user for an ACL, a normal
 * user changing a super user, an existing user created again) are answered the same; a blank
 * name is {@code INVALID_PARAMETER}; a body that cannot be read is {@code INVALID_PARAMETER} naming
 * the problem. Changes go through {@link AuthStore#update}: written to the file before they take
 * effect.
 */
public final class AuthAdminProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(AuthAdminProcessor.class);

    private final AuthStore store;

    public AuthAdminProcessor(AuthStore store) {
        this.store = store;
    }

    /** The codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.AUTH_CREATE_USER,
                RequestCode.AUTH_UPDATE_USER,
                RequestCode.AUTH_DELETE_USER,
                RequestCode.AUTH_GET_USER,
                RequestCode.AUTH_LIST_USER,
                RequestCode.AUTH_CREATE_ACL,
                RequestCode.AUTH_UPDATE_ACL,
                RequestCode.AUTH_DELETE_ACL,
                RequestCode.AUTH_GET_ACL,
                RequestCode.AUTH_LIST_ACL);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        try {
            return switch (request.code()) {
                case RequestCode.AUTH_CREATE_USER -> createUser(request);
                case RequestCode.AUTH_UPDATE_USER -> updateUser(request);
                case RequestCode.AUTH_DELETE_USER -> deleteUser(request);
                case RequestCode.AUTH_GET_USER -> getUser(request);
                case RequestCode.AUTH_LIST_USER -> listUsers(request);
                case RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL -> putAcl(request);
                case RequestCode.AUTH_DELETE_ACL -> deleteAcl(request);
                case RequestCode.AUTH_GET_ACL -> getAcl(request);
                case RequestCode.AUTH_LIST_ACL -> listAcls(request);
                default -> RemotingCommand.notSupported(request.code());
            };
        } catch (AuthStoreException e) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, e.getMessage());
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        } catch (IOException e) {
            log.error("cannot save users and ACLs", e);
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "cannot save users and ACLs: " + e.getMessage());
        }
    }

    private RemotingCommand createUser(RemotingCommand request) throws IOException {
        String username = requiredName(request);
        User user = AuthJson.user(body(request), username, null);
        refuseConfigUser(username);
        if (user.isSuper() && callerIsNormal(request)) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "a super user can only be created by a super user");
        }
        store.update(snapshot -> {
            if (snapshot.user(username) != null) {
                throw new AuthStoreException("the user already exists");
            }
            return AuthStore.withUser(snapshot, user);
        });
        return RemotingCommand.success();
    }

    private RemotingCommand updateUser(RemotingCommand request) throws IOException {
        String username = requiredName(request);
        JsonObject info = body(request);
        refuseConfigUser(username);
        boolean normalCaller = callerIsNormal(request);
        store.update(snapshot -> {
            User old = snapshot.user(username);
            if (old == null) {
                throw new AuthStoreException("the user does not exist");
            }
            User updated = AuthJson.user(info, username, old);
            if ((old.isSuper() || updated.isSuper()) && normalCaller) {
                throw new AuthStoreException("a super user can only be changed by a super user");
            }
            return AuthStore.withUser(snapshot, updated);
        });
        return RemotingCommand.success();
    }

    private RemotingCommand deleteUser(RemotingCommand request) throws IOException {
        String username = requiredName(request);
        refuseConfigUser(username);
        boolean normalCaller = callerIsNormal(request);
        store.update(snapshot -> {
            User old = snapshot.user(username);
            if (old == null) {
                return snapshot;
            }
            if (old.isSuper() && normalCaller) {
                throw new AuthStoreException("a super user can only be deleted by a super user");
            }
            return AuthStore.withoutUser(snapshot, username);
        });
        return RemotingCommand.success();
    }

    private RemotingCommand getUser(RemotingCommand request) {
        String username = requiredName(request);
        User user = store.stored().user(username);
        RemotingCommand response = RemotingCommand.success();
        if (user != null) {
            response.body(json(AuthJson.user(user)));
        }
        return response;
    }

    private RemotingCommand listUsers(RemotingCommand request) {
        String filter = request.extField("filter");
        JsonArray users = new JsonArray();
        store.stored().users().values().stream()
                .filter(user ->
                        filter == null || filter.isBlank() || user.username().contains(filter))
                .sorted(Comparator.comparing(User::username))
                .forEach(user -> users.add(AuthJson.user(user)));
        return withListBody(users);
    }

    private RemotingCommand putAcl(RemotingCommand request) throws IOException {
        Acl given = AuthJson.acl(body(request), request.extField("subject"));
        String username = Subjects.username(given.subject());
        store.update(snapshot -> {
            requireSubject(snapshot, username);
            Acl old = snapshot.acl(given.subject());
            Acl merged = old == null ? given : old.merge(given.policies());
            return AuthStore.withAcl(snapshot, merged);
        });
        return RemotingCommand.success();
    }

    private RemotingCommand deleteAcl(RemotingCommand request) throws IOException {
        String subject = request.extField("subject");
        String username = Subjects.username(subject);
        String typeText = request.extField("policyType");
        PolicyType type = typeText == null || typeText.isBlank() ? PolicyType.CUSTOM : PolicyType.parse(typeText);
        String resourceText = request.extField("resource");
        ResourcePattern resource =
                resourceText == null || resourceText.isBlank() ? null : ResourcePattern.parse(resourceText);
        String key = Subjects.of(username);
        store.update(snapshot -> {
            requireSubject(snapshot, username);
            Acl old = snapshot.acl(key);
            if (old == null) {
                throw new AuthStoreException("the subject has no ACL");
            }
            Acl left = resource == null ? new Acl(key, java.util.Map.of()) : old.without(type, resource);
            return AuthStore.withAcl(snapshot, left);
        });
        return RemotingCommand.success();
    }

    private RemotingCommand getAcl(RemotingCommand request) {
        String username = Subjects.username(request.extField("subject"));
        AuthSnapshot snapshot = store.stored();
        requireSubject(snapshot, username);
        Acl acl = snapshot.acl(Subjects.of(username));
        RemotingCommand response = RemotingCommand.success();
        if (acl != null) {
            response.body(json(AuthJson.acl(acl)));
        }
        return response;
    }

    private RemotingCommand listAcls(RemotingCommand request) {
        String subjectFilter = request.extField("subjectFilter");
        String resourceFilter = request.extField("resourceFilter");
        JsonArray acls = new JsonArray();
        store.stored().acls().values().stream()
                .filter(acl -> blank(subjectFilter) || acl.subject().contains(subjectFilter))
                .filter(acl -> blank(resourceFilter) || mentions(acl, resourceFilter))
                .sorted(Comparator.comparing(Acl::subject))
                .forEach(acl -> acls.add(AuthJson.acl(acl)));
        return withListBody(acls);
    }

    private static boolean mentions(Acl acl, String resourceFilter) {
        for (PolicyType type : PolicyType.values()) {
            for (var entry : acl.entries(type)) {
                if (entry.resource().key().contains(resourceFilter)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void requireSubject(AuthSnapshot snapshot, String username) {
        if (snapshot.user(username) == null && !store.isConfigUser(username)) {
            throw new AuthStoreException("the subject User:" + username + " does not exist");
        }
    }

    private void refuseConfigUser(String username) {
        if (store.isConfigUser(username)) {
            throw new AuthStoreException("the user comes from the server's config and cannot be changed here");
        }
    }

    /** Whether the request is signed by a user who is not a super user (unsigned: auth is off, the caller is not judged). */
    private boolean callerIsNormal(RemotingCommand request) {
        String accessKey = request.extField(AclSigner.ACCESS_KEY);
        if (blank(accessKey)) {
            return false;
        }
        User caller = store.snapshot().user(accessKey);
        return caller == null || !caller.isSuper();
    }

    private static String requiredName(RemotingCommand request) {
        String username = request.extField("username");
        if (blank(username)) {
            throw new IllegalArgumentException("the username is blank");
        }
        User.requireName(username);
        return username;
    }

    private static JsonObject body(RemotingCommand request) {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the request has no body");
        }
        try {
            return Json.parseObject(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
        }
    }

    private static RemotingCommand withListBody(JsonArray list) {
        RemotingCommand response = RemotingCommand.success();
        if (!list.isEmpty()) {
            response.body(json(list));
        }
        return response;
    }

    private static byte[] json(JsonValue value) {
        return Json.toBytes(value, JsonWriteOptions.FASTJSON);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
