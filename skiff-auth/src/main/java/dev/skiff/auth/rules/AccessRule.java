package dev.skiff.auth.rules;

import dev.skiff.auth.model.Acl;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetAddress;
import java.util.List;

/** What a request code needs once authorization is on. */
public sealed interface AccessRule {

    /** Served to anyone, signed or not (a name server's route reads). */
    record Open() implements AccessRule {}

    /** Any authenticated user; no resource is named. */
    record Authenticated() implements AccessRule {}

    /** Only a super user (the inner credentials are one). */
    record SuperOnly() implements AccessRule {}

    /**
     * The resources the request names and the actions it needs on each, read from its header or
     * body. An empty list means no resource is involved (any authenticated user).
     */
    record Resources(Extractor extractor) implements AccessRule {}

    /** Reads the checks of one request; throws {@link IllegalArgumentException} when the request names none it must. */
    @FunctionalInterface
    interface Extractor {
        List<Check> checks(RemotingCommand request);

        /**
         * The first of the request's checks that {@code acl} refuses from {@code source}, or null
         * when it allows them all; throws as {@link #checks} does. The rules of the busy codes
         * (send, pull, offsets) answer this without building the list, allocating only to refuse.
         */
        default Check firstRefused(RemotingCommand request, Acl acl, InetAddress source) {
            for (Check check : checks(request)) {
                if (!Authorizer.allows(acl, check.type(), check.name(), check.actions(), source)) {
                    return check;
                }
            }
            return null;
        }
    }

    AccessRule OPEN = new Open();
    AccessRule AUTHENTICATED = new Authenticated();
    AccessRule SUPER_ONLY = new SuperOnly();
}
