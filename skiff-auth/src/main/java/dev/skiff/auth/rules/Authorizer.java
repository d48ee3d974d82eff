package dev.skiff.auth.rules;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourceType;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * Decides one {@link Check} for a normal user against its ACL, as the official broker does:
 *
 * <ol>
 *   <li>Entries of the {@code Custom} policy that match the resource, one of the actions and the
 *       source address; when none match, those of the {@code Default} policy.
 *   <li>No matching entry: denied.
 *   <li>Of the matching entries the most specific resource wins (literal, then the longest prefix,
 *       then a type wildcard, then {@code *}); at equal specificity Deny wins over Allow.
 * </ol>
 *
 * Pure function of its inputs: no lock, no allocation beyond the loop (the request's address
 * bytes are read only when a candidate entry names source ranges).
 */
public final class Authorizer {
    private Authorizer() {}

    /** Whether {@code acl} (null: none) allows {@code check} from {@code sourceAddress} (raw bytes, null: unknown). */
    public static boolean allows(Acl acl, Check check, byte[] sourceAddress) {
        return allows(acl, check.type(), check.name(), check.actions(), null, sourceAddress);
    }

    /** Whether {@code acl} (null: none) allows one of {@code actions} on {@code (type, name)} from {@code source} (null: unknown). */
    public static boolean allows(Acl acl, ResourceType type, String name, Set<Action> actions, InetAddress source) {
        return allows(acl, type, name, actions, source, null);
    }

    private static boolean allows(
            Acl acl, ResourceType type, String name, Set<Action> actions, InetAddress address, byte[] bytes) {
        if (acl == null) {
            return false;
        }
        PolicyEntry winner = bestMatch(acl.entries(PolicyType.CUSTOM), type, name, actions, address, bytes);
        if (winner == null) {
            winner = bestMatch(acl.entries(PolicyType.DEFAULT), type, name, actions, address, bytes);
        }
        return winner != null && winner.decision() == Decision.ALLOW;
    }

    private static PolicyEntry bestMatch(
            List<PolicyEntry> entries,
            ResourceType type,
            String name,
            Set<Action> actions,
            InetAddress address,
            byte[] bytes) {
        PolicyEntry best = null;
        for (PolicyEntry entry : entries) {
            if (!entry.resource().matches(type, name)
                    || !entry.coversAnyOf(actions)
                    || !coversSource(entry, address, bytes)) {
                continue;
            }
            if (best == null || beats(entry, best)) {
                best = entry;
            }
        }
        return best;
    }

    /** The request's address is given as an address or as raw bytes (null and null: unknown). */
    private static boolean coversSource(PolicyEntry entry, InetAddress address, byte[] bytes) {
        return address != null || bytes == null ? entry.coversSource(address) : entry.coversSource(bytes);
    }

    private static boolean beats(PolicyEntry candidate, PolicyEntry best) {
        long a = candidate.resource().specificity();
        long b = best.resource().specificity();
        if (a != b) {
            return a > b;
        }
        return candidate.decision() == Decision.DENY && best.decision() == Decision.ALLOW;
    }
}
