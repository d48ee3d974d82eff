package dev.skiff.auth.rules;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import java.util.List;

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
 * Pure function of its inputs: no lock, no allocation beyond the loop.
 */
public final class Authorizer {
    private Authorizer() {}

    /** Whether {@code acl} (null: none) allows {@code check} from {@code sourceAddress} (raw bytes, null: unknown). */
    public static boolean allows(Acl acl, Check check, byte[] sourceAddress) {
        if (acl == null) {
            return false;
        }
        PolicyEntry winner = bestMatch(acl.entries(PolicyType.CUSTOM), check, sourceAddress);
        if (winner == null) {
            winner = bestMatch(acl.entries(PolicyType.DEFAULT), check, sourceAddress);
        }
        return winner != null && winner.decision() == Decision.ALLOW;
    }

    private static PolicyEntry bestMatch(List<PolicyEntry> entries, Check check, byte[] sourceAddress) {
        PolicyEntry best = null;
        for (PolicyEntry entry : entries) {
            if (!entry.resource().matches(check.type(), check.name())
                    || !entry.coversAnyOf(check.actions())
                    || !entry.coversSource(sourceAddress)) {
                continue;
            }
            if (best == null || beats(entry, best)) {
                best = entry;
            }
        }
        return best;
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
