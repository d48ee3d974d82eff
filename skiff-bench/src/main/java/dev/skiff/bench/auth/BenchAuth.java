package dev.skiff.bench.auth;

import dev.skiff.auth.sign.Credentials;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.remoting.RpcHook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;

/**
 * The users of an authenticated benchmark run and the keys that switch the checks on.
 *
 * <p>Three identities: a super user ({@code initAuthenticationUser}, created by each broker at
 * start; it creates the bench user and policy and the topics of w8), the inner credentials brokers
 * sign their own requests with ({@code innerClientAuthenticationCredentials}), and the <b>normal</b>
 * user every load client signs as with the official {@code AclClientRPCHook}. The normal user holds
 * one Allow policy: {@code Pub} and {@code Sub} on {@code Topic:<prefix>*} and {@code Sub} on {@code
 * Group:<prefix>*}, so every send and pull is checked against a policy (a super user would skip
 * that check on both systems).
 *
 * <p>Key names are the same on both systems (the official 5.x ACL 2.0 keys). Apache RocketMQ also
 * needs its metadata providers named ({@code authenticationMetadataProvider}, {@code
 * authorizationMetadataProvider}: the local, file-backed ones it ships); without them it has no
 * user store. Its name server checks nothing in 5.5; Skiff's checks registrations, so Skiff's name
 * server gets the same keys as its broker.
 */
public final class BenchAuth {
    /** Bound of one admin request. */
    private static final long ADMIN_TIMEOUT_MS = 10_000;
    /** How long a just-started broker may refuse the admin requests (it may still be starting). */
    private static final long PROVISION_DEADLINE_MS = 120_000;

    private static final String APACHE_AUTHN_METADATA =
            "org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider";
    private static final String APACHE_AUTHZ_METADATA =
            "org.apache.rocketmq.auth.authorization.provider.LocalAuthorizationMetadataProvider";

    private final String adminUser;
    private final String adminSecret;
    private final String innerKey;
    private final String innerSecret;
    private final String benchUser;
    private final String benchSecret;
    private final String prefix;
    private final boolean keyedSigning;

    private BenchAuth(
            String adminUser,
            String adminSecret,
            String innerKey,
            String innerSecret,
            String benchUser,
            String benchSecret,
            String prefix,
            boolean keyedSigning) {
        this.adminUser = adminUser;
        this.adminSecret = adminSecret;
        this.innerKey = innerKey;
        this.innerSecret = innerSecret;
        this.benchUser = benchUser;
        this.benchSecret = benchSecret;
        this.prefix = prefix;
        this.keyedSigning = keyedSigning;
    }

    /**
     * The benchmark's identities; the bench user may use topics and groups whose names start with
     * {@code prefix} (the workloads name all of theirs so).
     */
    public static BenchAuth forPrefix(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.contains("*")) {
            throw new IllegalArgumentException("a resource prefix without '*' is needed: " + prefix);
        }
        return new BenchAuth(
                "bench-admin",
                "bench-admin-secret",
                "bench-inner",
                "bench-inner-secret",
                "bench-user",
                "bench-user-secret",
                prefix,
                false);
    }

    /**
     * The same identities, but the load clients sign with {@link KeyedSigningHook} (the same bytes
     * on the wire, without the official hook's per-request key set-up), so that a run shows what
     * auth costs the broker rather than the official hook's client-side overhead.
     */
    public BenchAuth withKeyedSigning() {
        return new BenchAuth(adminUser, adminSecret, innerKey, innerSecret, benchUser, benchSecret, prefix, true);
    }

    public boolean keyedSigning() {
        return keyedSigning;
    }

    public String benchUser() {
        return benchUser;
    }

    /**
     * The hook every load client signs with: the normal user, through the official {@code
     * AclClientRPCHook} or, after {@link #withKeyedSigning()}, through {@link KeyedSigningHook}.
     */
    public RPCHook userHook() {
        if (keyedSigning) {
            return new KeyedSigningHook(benchUser, benchSecret);
        }
        return new AclClientRPCHook(new SessionCredentials(benchUser, benchSecret));
    }

    /**
     * The normal user's signer for Skiff's own remoting client (the frame load client): the same
     * {@code AccessKey} and {@code Signature} fields as {@link #userHook()} puts on the wire.
     */
    public RpcHook skiffUserHook() {
        return new SigningHook(new Credentials(benchUser, benchSecret));
    }

    /** The hook of admin requests (user and policy creation, topic creation): the super user. */
    public RPCHook adminHook() {
        return new AclClientRPCHook(new SessionCredentials(adminUser, adminSecret));
    }

    /** Broker keys that switch both checks on; {@code apache} adds the official metadata providers. */
    public Map<String, String> brokerProperties(boolean apache) {
        Map<String, String> keys = new LinkedHashMap<>(commonKeys());
        if (apache) {
            keys.put("authenticationMetadataProvider", APACHE_AUTHN_METADATA);
            keys.put("authorizationMetadataProvider", APACHE_AUTHZ_METADATA);
        }
        return keys;
    }

    /** Skiff name-server keys: the same checks (registrations need the inner credentials). */
    public Map<String, String> skiffNamesrvProperties() {
        return commonKeys();
    }

    private Map<String, String> commonKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("authenticationEnabled", "true");
        keys.put("authorizationEnabled", "true");
        keys.put("initAuthenticationUser", "{\"username\":\"" + adminUser + "\",\"password\":\"" + adminSecret + "\"}");
        keys.put(
                "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"" + innerKey + "\",\"secretKey\":\"" + innerSecret + "\"}");
        return keys;
    }

    /** The bench user's policy: the resources and actions it is allowed. */
    List<AclInfo> policies() {
        String subject = "User:" + benchUser;
        return List.of(
                AclInfo.of(subject, List.of("Topic:" + prefix + "*"), List.of("Pub", "Sub"), List.of(), "Allow"),
                AclInfo.of(subject, List.of("Group:" + prefix + "*"), List.of("Sub"), List.of(), "Allow"));
    }

    /**
     * Creates the normal user and its policy on the broker at {@code brokerAddr}, signed as the
     * super user. A broker that has just started may not have its super user yet: refusals are
     * retried for up to two minutes, then the last one is thrown. A user left by an earlier run
     * is kept (its policy is written again).
     */
    @SuppressWarnings("deprecation") // the client's admin API is reached through its (deprecated) impl accessor
    public void provision(String namesrvAddr, String brokerAddr, boolean tls) throws Exception {
        DefaultMQProducer admin = new DefaultMQProducer("bench-auth-admin", adminHook());
        admin.setNamesrvAddr(namesrvAddr);
        admin.setUseTLS(tls);
        admin.setInstanceName("bench-auth-admin-" + System.nanoTime());
        admin.start();
        try {
            MQClientAPIImpl api =
                    admin.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROVISION_DEADLINE_MS);
            while (true) {
                try {
                    if (api.getUser(brokerAddr, benchUser, ADMIN_TIMEOUT_MS) == null) {
                        api.createUser(brokerAddr, UserInfo.of(benchUser, benchSecret, "Normal"), ADMIN_TIMEOUT_MS);
                    }
                    for (AclInfo acl : policies()) {
                        api.createAcl(brokerAddr, acl, ADMIN_TIMEOUT_MS);
                    }
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException(
                                "could not create the bench user on " + brokerAddr + " as " + adminUser, notYet);
                    }
                    Thread.sleep(500);
                }
            }
        } finally {
            admin.shutdown();
        }
    }
}
