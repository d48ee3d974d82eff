package dev.skiff.auth.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies of one subject ({@code User:<name>}): up to one {@code Custom} and one
 * {@code Default} policy, each a list of entries with distinct resources. Immutable; the edit
 * methods return a new ACL, with the official merge rules: an entry for a resource already present
 * replaces that entry's actions, source ranges and decision.
 */
public record Acl(String subject, Map<PolicyType, List<PolicyEntry>> policies) {
    public static final int ENTRIES_MAX = 1_000;

    public Acl {
        Subjects.username(subject);
        Map<PolicyType, List<PolicyEntry>> copy = new LinkedHashMap<>();
        int total = 0;
        for (PolicyType type : PolicyType.values()) {
            List<PolicyEntry> entries = policies.get(type);
            if (entries != null && !entries.isEmpty()) {
                copy.put(type, List.copyOf(entries));
                total += entries.size();
            }
        }
        if (total > ENTRIES_MAX) {
            throw new IllegalArgumentException("at most " + ENTRIES_MAX + " policy entries per subject");
        }
        policies = Map.copyOf(copy);
    }

    public List<PolicyEntry> entries(PolicyType type) {
        return policies.getOrDefault(type, List.of());
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    /** This ACL with {@code additions} merged in (same resource: replaced; new resource: appended). */
    public Acl merge(Map<PolicyType, List<PolicyEntry>> additions) {
        Map<PolicyType, List<PolicyEntry>> merged = new LinkedHashMap<>();
        for (PolicyType type : PolicyType.values()) {
            List<PolicyEntry> entries = new ArrayList<>(entries(type));
            for (PolicyEntry added : additions.getOrDefault(type, List.of())) {
                int at = indexOf(entries, added.resource());
                if (at >= 0) {
                    entries.set(at, added);
                } else {
                    entries.add(added);
                }
            }
            merged.put(type, entries);
        }
        return new Acl(subject, merged);
    }

    /** This ACL without the entry for {@code resource} in the {@code type} policy. */
    public Acl without(PolicyType type, ResourcePattern resource) {
        Map<PolicyType, List<PolicyEntry>> left = new LinkedHashMap<>(policies);
        List<PolicyEntry> entries = new ArrayList<>(entries(type));
        int at = indexOf(entries, resource);
        if (at >= 0) {
            entries.remove(at);
        }
        left.put(type, entries);
        return new Acl(subject, left);
    }

    private static int indexOf(List<PolicyEntry> entries, ResourcePattern resource) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).resource().equals(resource)) {
                return i;
            }
        }
        return -1;
    }
}
