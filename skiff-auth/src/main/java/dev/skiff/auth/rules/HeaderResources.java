package dev.skiff.auth.rules;

import dev.skiff.auth.model.Acl;
import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.ResourceType;
import dev.skiff.remoting.protocol.RemotingCommand;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rule of a request that names a topic, a group, or both, in header fields (send, pull,
 * offsets, most admin requests about one resource): both fields are required; a retry or
 * dead-letter topic counts as its group, and a topic of that kind beside a group field is not
 * checked again. {@link #firstRefused} decides without building checks or lists; a {@link Check}
 * is made only for a refusal (its text goes into the answer).
 */
final class HeaderResources implements AccessRule.Extractor {
    private final String topicField;
    private final String groupField;
    private final Set<Action> actions;

    /** {@code topicField} or {@code groupField} may be null (not named by the request), not both. */
    HeaderResources(String topicField, String groupField, Action... actions) {
        if (topicField == null && groupField == null) {
            throw new IllegalArgumentException("a topic or a group field is needed");
        }
        this.topicField = topicField;
        this.groupField = groupField;
        this.actions = Set.of(actions);
    }

    @Override
    public List<Check> checks(RemotingCommand request) {
        String topic = topicField == null ? null : Extractors.required(request, topicField);
        String group = groupField == null ? null : Extractors.required(request, groupField);
        List<Check> checks = new ArrayList<>(2);
        if (topic != null && (group == null || !Extractors.isRetryOrDlq(topic))) {
            checks.add(topicCheck(topic));
        }
        if (group != null) {
            checks.add(new Check(ResourceType.GROUP, Extractors.stripRetryAndDlq(group), actions));
        }
        return checks;
    }

    @Override
    public Check firstRefused(RemotingCommand request, Acl acl, InetAddress source) {
        String topic = topicField == null ? null : Extractors.required(request, topicField);
        String group = groupField == null ? null : Extractors.required(request, groupField);
        if (topic != null && (group == null || !Extractors.isRetryOrDlq(topic))) {
            boolean retry = Extractors.isRetryOrDlq(topic);
            ResourceType type = retry ? ResourceType.GROUP : ResourceType.TOPIC;
            String name = named(type, retry ? Extractors.stripRetryAndDlq(topic) : topic);
            if (!Authorizer.allows(acl, type, name, actions, source)) {
                return topicCheck(topic);
            }
        }
        if (group != null) {
            String name = named(ResourceType.GROUP, Extractors.stripRetryAndDlq(group));
            if (!Authorizer.allows(acl, ResourceType.GROUP, name, actions, source)) {
                return new Check(ResourceType.GROUP, name, actions);
            }
        }
        return null;
    }

    /** A retry topic of no group ({@code %RETRY%}) names nothing: refused as {@link Check} refuses it. */
    private static String named(ResourceType type, String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the request names no " + type.wireName());
        }
        return name;
    }

    private Check topicCheck(String topic) {
        if (Extractors.isRetryOrDlq(topic)) {
            return new Check(ResourceType.GROUP, Extractors.stripRetryAndDlq(topic), actions);
        }
        return new Check(ResourceType.TOPIC, topic, actions);
    }
}
