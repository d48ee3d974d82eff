package dev.skiff.auth;

import dev.skiff.auth.admin.AuthAdminProcessor;
import dev.skiff.auth.model.User;
import dev.skiff.auth.rules.AccessRule;
import dev.skiff.auth.rules.RequestRules;
import dev.skiff.auth.sign.SigningHook;
import dev.skiff.auth.store.AuthStore;
import dev.skiff.remoting.RemotingClient;
import dev.skiff.remoting.RemotingServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth parts of one server, wired in one call each:
 *
 * <pre>{@code
 * ServerAuth auth = ServerAuth.forBroker(settings, configDir);   // or forNamesrv / forController(settings)
 * auth.install(remotingServer, adminExecutor);                    // guard + management codes
 * auth.signOutgoing(remotingClient);                              // inner credentials, if set
 * }</pre>
 *
 * A broker keeps users and ACLs in {@code <configDir>/auth.json} and serves the management codes
 * (also with authentication off, as the official broker does). A name server keeps no users of
 * its own: the initial user and the inner credentials from its config are its (super) users.
 */
public final class ServerAuth {
    private static final Logger log = LoggerFactory.getLogger(ServerAuth.class);
    public static final String FILE_NAME = "auth.json";

    private final AuthSettings settings;
    private final AuthStore store;
    private final AuthGuard guard;
    private final boolean servesManagement;

    private ServerAuth(AuthSettings settings, AuthStore store, AuthGuard guard, boolean servesManagement) {
        this.settings = settings;
        this.store = store;
        this.guard = guard;
        this.servesManagement = servesManagement;
    }

    public static ServerAuth forBroker(AuthSettings settings, Path configDir) throws IOException {
        if (settings.authenticationEnabled() && settings.innerCredentials() == null) {
            log.warn("authenticationEnabled without innerClientAuthenticationCredentials: name servers and masters"
                    + " that check signatures will refuse this broker's registrations and copies");
        }
        AuthStore store = AuthStore.open(configDir.resolve(FILE_NAME), innerUsers(settings));
        if (settings.initialUser() != null) {
            store.createInitialUser(settings.initialUser());
        }
        return new ServerAuth(settings, store, new AuthGuard(settings, store, RequestRules.broker()), true);
    }

    public static ServerAuth forNamesrv(AuthSettings settings) {
        return withoutUserStore(settings, RequestRules.namesrv());
    }

    /**
     * A controller peer's checks: like a name server's (no users of its own, the inner credentials
     * and the initial user are its super users), with the controller's table ({@link
     * RequestRules#controller()}).
     */
    public static ServerAuth forController(AuthSettings settings) {
        return withoutUserStore(settings, RequestRules.controller());
    }

    private static ServerAuth withoutUserStore(AuthSettings settings, Map<Integer, AccessRule> rules) {
        List<User> users = innerUsers(settings);
        if (settings.initialUser() != null) {
            users.add(settings.initialUser());
        }
        AuthStore store = AuthStore.inMemory(users);
        return new ServerAuth(settings, store, new AuthGuard(settings, store, rules), false);
    }

    private static List<User> innerUsers(AuthSettings settings) {
        List<User> users = new ArrayList<>();
        if (settings.innerUser() != null) {
            users.add(settings.innerUser());
        }
        return users;
    }

    /** Installs the request guard (when authentication or authorization is on) and the management processor. */
    public void install(RemotingServer server, ExecutorService managementExecutor) {
        if (settings.anyEnabled()) {
            server.setRequestGuard(guard);
            log.info(
                    "request checks on: authentication {}, authorization {}",
                    settings.authenticationEnabled() ? "on" : "off",
                    settings.authorizationEnabled() ? "on" : "off");
        }
        if (servesManagement) {
            AuthAdminProcessor processor = new AuthAdminProcessor(store);
            AuthAdminProcessor.codes().forEach(code -> server.registerProcessor(code, processor, managementExecutor));
        }
    }

    /** Signs every request {@code client} sends with the inner credentials, when they are configured. */
    public void signOutgoing(RemotingClient client) {
        if (settings.innerCredentials() != null) {
            client.addRpcHook(new SigningHook(settings.innerCredentials()));
        }
    }

    public AuthStore store() {
        return store;
    }

    public AuthGuard guard() {
        return guard;
    }

    public AuthSettings settings() {
        return settings;
    }
}
