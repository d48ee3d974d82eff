package dev.skiff.auth;

import dev.skiff.auth.model.AuthSnapshot;
import dev.skiff.auth.model.User;
import dev.skiff.auth.rules.AccessRule;
import dev.skiff.auth.rules.Check;
import dev.skiff.auth.rules.RequestCodes;
import dev.skiff.auth.sign.AclSigner;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestGuard;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request check of a broker or name server: authentication (the official signature), then
 * authorization (the server's request table and the user's ACL). Runs on the I/O thread before any
 * processor; reads the store's immutable snapshot, so it takes no lock and touches no file.
 *
 * <p>Refusals answer {@code NO_PERMISSION} (16), the official code. The remark of a failed
 * signature check is the same for an unknown user, a disabled user and a wrong signature, and the
 * same HMAC work is done in each case (an unknown name is checked against a decoy secret, keyed
 * and cached like a real one), so a caller cannot learn which user names exist.
 *
 * <p>An allowed request allocates nothing here once its thread has seen the user's secret: the
 * code's rule and whitelists are array reads ({@link CodeRules}), the signature is checked in
 * per-thread buffers ({@link AclSigner#verify(Map, byte[], int, String, String)}), the ACL is
 * found by user name ({@link UserAcls}), and the rules of the busy codes decide without building
 * lists. Text is built only for a refusal.
 */
public final class AuthGuard implements RequestGuard {
    static final String UNSIGNED = "authentication required: the request carries no AccessKey and Signature";
    static final String BAD_SIGNATURE = "authentication failed: unknown access key or wrong signature";
    /** Keyed HMAC work for names that do not exist, so that they cost what a real check costs. */
    private static final String DECOY_SECRET = "skiff-decoy-secret-for-unknown-users";

    private final AuthSettings settings;
    private final AuthStore store;
    private final CodeRules rules;
    private volatile UserAcls userAcls = UserAcls.EMPTY;
    private final LongAdder authenticationRefusals = new LongAdder();
    private final LongAdder authorizationRefusals = new LongAdder();

    public AuthGuard(AuthSettings settings, AuthStore store, Map<Integer, AccessRule> rules) {
        this.settings = settings;
        this.store = store;
        this.rules = new CodeRules(rules, settings.authenticationWhitelist(), settings.authorizationWhitelist());
    }

    @Override
    public RemotingCommand check(RemotingChannel channel, RemotingCommand request) {
        int code = request.code();
        AccessRule rule = rules.rule(code);
        if (rule instanceof AccessRule.Open) {
            return null;
        }
        AuthSnapshot snapshot = store.snapshot();
        String accessKey = request.extField(AclSigner.ACCESS_KEY);
        if (settings.authenticationEnabled() && !rules.skipsAuthentication(code)) {
            RemotingCommand refusal = authenticate(snapshot, accessKey, request);
            if (refusal != null) {
                authenticationRefusals.increment();
                return refusal;
            }
        }
        if (!settings.authorizationEnabled() || rules.skipsAuthorization(code)) {
            return null;
        }
        String problem = authorize(aclsOf(snapshot), snapshot.user(accessKey), rule, request, channel);
        if (problem == null) {
            return null;
        }
        authorizationRefusals.increment();
        return RemotingCommand.response(ResponseCode.NO_PERMISSION, problem);
    }

    private UserAcls aclsOf(AuthSnapshot snapshot) {
        UserAcls acls = userAcls;
        if (acls.snapshot() != snapshot) {
            acls = UserAcls.of(snapshot); // once per published snapshot; a race builds the same value twice
            userAcls = acls;
        }
        return acls;
    }

    private RemotingCommand authenticate(AuthSnapshot snapshot, String accessKey, RemotingCommand request) {
        String signature = request.extField(AclSigner.SIGNATURE);
        if (accessKey == null || accessKey.isEmpty() || signature == null) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, UNSIGNED);
        }
        User user = snapshot.user(accessKey);
        String secret = user != null && user.isEnabled() ? user.password() : DECOY_SECRET;
        boolean valid = AclSigner.verify(request.extFields(), request.body(), request.version(), secret, signature);
        if (!valid || user == null || !user.isEnabled()) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, BAD_SIGNATURE);
        }
        return null;
    }

    /** Null when allowed, else the reason. */
    private static String authorize(
            UserAcls acls, User user, AccessRule rule, RemotingCommand request, RemotingChannel channel) {
        if (user == null || !user.isEnabled()) {
            return "no permission: " + what(request) + " needs a known user (AccessKey)";
        }
        if (user.isSuper()) {
            return null;
        }
        if (rule == null || rule instanceof AccessRule.SuperOnly) {
            return "no permission: " + what(request) + " needs a super user";
        }
        if (rule instanceof AccessRule.Authenticated) {
            return null;
        }
        Check refused;
        try {
            refused = ((AccessRule.Resources) rule)
                    .extractor()
                    .firstRefused(request, acls.aclOf(user), sourceOf(channel));
        } catch (RuntimeException e) {
            return "no permission: cannot tell which resources " + what(request) + " touches: " + e.getMessage();
        }
        if (refused == null) {
            return null;
        }
        return "no permission: " + user.subjectKey() + " may not " + actionsText(refused) + " on "
                + refused.resourceKey() + " from " + hostOf(channel);
    }

    private static String what(RemotingCommand request) {
        return RequestCodes.name(request.code()) + " (" + request.code() + ")";
    }

    private static String actionsText(Check check) {
        StringBuilder text = new StringBuilder();
        check.actions().stream().map(a -> a.wireName()).sorted().forEach(a -> {
            text.append(text.isEmpty() ? "" : "/").append(a);
        });
        return text.toString();
    }

    private static InetAddress sourceOf(RemotingChannel channel) {
        return channel.remoteSocketAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String hostOf(RemotingChannel channel) {
        SocketAddress address = channel.remoteSocketAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** Requests refused because of a missing or bad signature. */
    public long authenticationRefusals() {
        return authenticationRefusals.sum();
    }

    /** Requests refused because the user may not do what they ask. */
    public long authorizationRefusals() {
        return authorizationRefusals.sum();
    }
}
