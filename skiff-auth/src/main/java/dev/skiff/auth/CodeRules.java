package dev.skiff.auth;

import dev.skiff.auth.rules.AccessRule;
import java.util.Map;
import java.util.Set;

/**
 * A server's request table and whitelists, looked up by request code without boxing: codes below
 * {@value #ARRAY_CODES} (every code of the official protocol today) index arrays; larger ones fall
 * back to the maps. Immutable.
 */
final class CodeRules {
    static final int ARRAY_CODES = 4096;

    private final Map<Integer, AccessRule> rules;
    private final Set<Integer> authenticationWhitelist;
    private final Set<Integer> authorizationWhitelist;
    private final AccessRule[] ruleByCode = new AccessRule[ARRAY_CODES];
    private final boolean[] skipsAuthentication = new boolean[ARRAY_CODES];
    private final boolean[] skipsAuthorization = new boolean[ARRAY_CODES];

    CodeRules(
            Map<Integer, AccessRule> rules, Set<Integer> authenticationWhitelist, Set<Integer> authorizationWhitelist) {
        this.rules = Map.copyOf(rules);
        this.authenticationWhitelist = Set.copyOf(authenticationWhitelist);
        this.authorizationWhitelist = Set.copyOf(authorizationWhitelist);
        for (int code = 0; code < ARRAY_CODES; code++) {
            ruleByCode[code] = this.rules.get(code);
            skipsAuthentication[code] = this.authenticationWhitelist.contains(code);
            skipsAuthorization[code] = this.authorizationWhitelist.contains(code);
        }
    }

    /** The rule of {@code code}, or null when the table does not name it (super users only). */
    AccessRule rule(int code) {
        return inArray(code) ? ruleByCode[code] : rules.get(code);
    }

    boolean skipsAuthentication(int code) {
        return inArray(code) ? skipsAuthentication[code] : authenticationWhitelist.contains(code);
    }

    boolean skipsAuthorization(int code) {
        return inArray(code) ? skipsAuthorization[code] : authorizationWhitelist.contains(code);
    }

    private static boolean inArray(int code) {
        return code >= 0 && code < ARRAY_CODES;
    }
}
