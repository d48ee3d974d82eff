package dev.skiff.auth.store;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.Decision;
import dev.skiff.auth.model.IpRange;
import dev.skiff.auth.model.PolicyEntry;
import dev.skiff.auth.model.PolicyType;
import dev.skiff.auth.model.ResourcePattern;
import dev.skiff.auth.model.Subjects;
import dev.skiff.auth.model.User;
import dev.skiff.auth.model.UserStatus;
import dev.skiff.auth.model.UserType;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON of users and ACLs, in the shapes the official admin tools send and expect (and that the
 * stored file uses too):
 *
 * <pre>
 * UserInfo  {"username":"alice","password":"secret","userType":"Normal","userStatus":"enable"}
 * AclInfo   {"subject":"User:alice","policies":[
 *              {"policyType":"Custom","entries":[
 *                 {"resource":"Topic:orders","actions":["Pub","Sub"],
 *                  "sourceIps":["10.0.0.0/8"],"decision":"Allow"}]}]}
 * </pre>
 *
 * Enum names are read case-insensitively; a missing {@code userType} is Normal, a missing
 * {@code userStatus} enable, a missing {@code policyType} Custom. Every problem is an
 * {@link IllegalArgumentException} saying what is wrong.
 */
public final class AuthJson {
    public static final int POLICIES_MAX = 2;

    private AuthJson() {}

    public static JsonObject user(User user) {
        return new JsonObject()
                .put("username", user.username())
                .put("password", user.password())
                .put("userType", user.type().wireName())
                .put("userStatus", user.status().wireName());
    }

    /**
     * A user from a UserInfo; {@code username} (the request header's, when given) wins over the
     * body's; {@code previous} fills what the body leaves out (for updates), or null.
     */
    public static User user(JsonObject info, String username, User previous) {
        String name = username != null ? username : info.getString("username");
        String password = info.getString("password");
        String type = info.getString("userType");
        String status = info.getString("userStatus");
        if (previous != null) {
            password = blank(password) ? previous.password() : password;
            return new User(
                    name,
                    password,
                    blank(type) ? previous.type() : UserType.parse(type),
                    blank(status) ? previous.status() : UserStatus.parse(status));
        }
        return new User(
                name,
                password,
                blank(type) ? UserType.NORMAL : UserType.parse(type),
                blank(status) ? UserStatus.ENABLE : UserStatus.parse(status));
    }

    public static JsonObject acl(Acl acl) {
        JsonArray policies = new JsonArray();
        for (PolicyType type : PolicyType.values()) {
            List<PolicyEntry> entries = acl.entries(type);
            if (entries.isEmpty()) {
                continue;
            }
            JsonArray array = new JsonArray();
            entries.forEach(entry -> array.add(entry(entry)));
            policies.add(new JsonObject().put("policyType", type.wireName()).put("entries", array));
        }
        return new JsonObject().put("subject", acl.subject()).put("policies", policies);
    }

    private static JsonObject entry(PolicyEntry entry) {
        List<String> actions = new ArrayList<>();
        for (Action action : Action.values()) {
            if (entry.actions().contains(action)) {
                actions.add(action.wireName());
            }
        }
        JsonObject json =
                new JsonObject().put("resource", entry.resource().key()).put("actions", JsonArray.ofStrings(actions));
        if (!entry.sourceIps().isEmpty()) {
            json.put(
                    "sourceIps",
                    JsonArray.ofStrings(
                            entry.sourceIps().stream().map(IpRange::toString).toList()));
        }
        return json.put("decision", entry.decision().wireName());
    }

    /**
     * The policies of an AclInfo, by type. The subject is the request header's when given, else the
     * body's.
     */
    public static Acl acl(JsonObject info, String subjectHeader) {
        String subject = !blank(subjectHeader) ? subjectHeader : info.getString("subject");
        Subjects.username(subject);
        JsonArray policies = info.getArray("policies");
        if (policies == null || policies.isEmpty()) {
            throw new IllegalArgumentException("the ACL has no policies");
        }
        if (policies.size() > POLICIES_MAX) {
            throw new IllegalArgumentException("at most " + POLICIES_MAX + " policies (Custom, Default)");
        }
        Map<PolicyType, List<PolicyEntry>> byType = new LinkedHashMap<>();
        for (JsonValue value : policies) {
            JsonObject policy = value.asObject();
            String typeText = policy.getString("policyType");
            PolicyType type = blank(typeText) ? PolicyType.CUSTOM : PolicyType.parse(typeText);
            JsonArray entries = policy.getArray("entries");
            if (entries == null || entries.isEmpty()) {
                throw new IllegalArgumentException("policy " + type.wireName() + " has no entries");
            }
            if (entries.size() > Acl.ENTRIES_MAX) {
                throw new IllegalArgumentException("at most " + Acl.ENTRIES_MAX + " entries per policy");
            }
            List<PolicyEntry> list = byType.computeIfAbsent(type, t -> new ArrayList<>());
            for (JsonValue entry : entries) {
                list.add(entry(entry.asObject()));
            }
        }
        return new Acl(Subjects.of(Subjects.username(subject)), byType);
    }

    private static PolicyEntry entry(JsonObject json) {
        ResourcePattern resource = ResourcePattern.parse(json.getString("resource"));
        JsonArray actionsJson = json.getArray("actions");
        if (actionsJson == null || actionsJson.isEmpty()) {
            throw new IllegalArgumentException("entry " + resource + " has no actions");
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        actionsJson.strings().forEach(text -> actions.add(Action.parse(text)));
        List<IpRange> sourceIps = new ArrayList<>();
        JsonArray ips = json.getArray("sourceIps");
        if (ips != null) {
            ips.strings().forEach(ip -> sourceIps.add(IpRange.parse(ip)));
        }
        return new PolicyEntry(resource, actions, sourceIps, Decision.parse(json.getString("decision")));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
