package dev.skiff.auth.rules;

import dev.skiff.auth.model.Action;
import dev.skiff.auth.model.ResourceType;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.body.HeartbeatData;
import dev.skiff.remoting.protocol.body.LockBatchRequestBody;
import dev.skiff.remoting.protocol.body.QueueRef;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The building blocks of the request table: read a topic or group from an ext field or the body.
 * A retry topic ({@code %RETRY%group}) or dead-letter topic names its group, as on the official
 * broker: asking about it is asking about the group.
 */
final class Extractors {
    static final String RETRY_PREFIX = "%RETRY%";
    static final String DLQ_PREFIX = "%DLQ%";

    private Extractors() {}

    static AccessRule topic(String field, Action... actions) {
        return new AccessRule.Resources(new HeaderResources(field, null, actions));
    }

    static AccessRule group(String field, Action... actions) {
        return new AccessRule.Resources(new HeaderResources(null, field, actions));
    }

    /** A topic field (its actions) and a group field (the same actions); a retry topic is checked as its group only. */
    static AccessRule topicAndGroup(String topicField, String groupField, Action... actions) {
        return new AccessRule.Resources(new HeaderResources(topicField, groupField, actions));
    }

    /** The group field when the request carries one; none otherwise. */
    static AccessRule optionalGroup(String field, Action... actions) {
        return new AccessRule.Resources(request -> {
            String group = request.extField(field);
            return group == null || group.isBlank() ? List.of() : List.of(groupCheck(group, actions));
        });
    }

    /** A group field plus, when present, a topic field. */
    static AccessRule groupAndOptionalTopic(String groupField, String topicField, Action... actions) {
        return new AccessRule.Resources(request -> {
            List<Check> checks = new ArrayList<>(2);
            checks.add(groupCheck(required(request, groupField), actions));
            String topic = request.extField(topicField);
            if (topic != null && !topic.isBlank()) {
                checks.add(topicCheck(topic, actions));
            }
            return checks;
        });
    }

    /** HEART_BEAT: Sub on every consumer group and on every topic it subscribes (producers need nothing). */
    static AccessRule heartbeat() {
        return new AccessRule.Resources(request -> {
            HeartbeatData data = HeartbeatData.decode(request.body());
            Set<Check> checks = new LinkedHashSet<>();
            for (HeartbeatData.ConsumerData consumer : data.consumerDataSet()) {
                checks.add(groupCheck(consumer.groupName(), Action.SUB));
                for (SubscriptionData subscription : consumer.subscriptionDataSet()) {
                    if (!isRetryOrDlq(subscription.topic())) {
                        checks.add(topicCheck(subscription.topic(), Action.SUB));
                    }
                }
            }
            return List.copyOf(checks);
        });
    }

    /** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ: Sub on the group and on every topic of the queues. */
    static AccessRule queueLocks() {
        return new AccessRule.Resources(request -> {
            LockBatchRequestBody body = LockBatchRequestBody.decode(request.body());
            Set<Check> checks = new LinkedHashSet<>();
            checks.add(groupCheck(body.consumerGroup(), Action.SUB));
            for (QueueRef queue : body.mqSet()) {
                if (!isRetryOrDlq(queue.topic())) {
                    checks.add(topicCheck(queue.topic(), Action.SUB));
                }
            }
            return List.copyOf(checks);
        });
    }

    static Check topicCheck(String topic, Action... actions) {
        if (isRetryOrDlq(topic)) {
            return groupCheck(topic, actions);
        }
        return new Check(ResourceType.TOPIC, topic, Set.of(actions));
    }

    static Check groupCheck(String group, Action... actions) {
        return new Check(ResourceType.GROUP, stripRetryAndDlq(group), Set.of(actions));
    }

    static boolean isRetryOrDlq(String topic) {
        return topic != null && (topic.startsWith(RETRY_PREFIX) || topic.startsWith(DLQ_PREFIX));
    }

    static String stripRetryAndDlq(String name) {
        if (name == null) {
            return null;
        }
        if (name.startsWith(RETRY_PREFIX)) {
            return name.substring(RETRY_PREFIX.length());
        }
        if (name.startsWith(DLQ_PREFIX)) {
            return name.substring(DLQ_PREFIX.length());
        }
        return name;
    }

    static String required(RemotingCommand request, String field) {
        String value = request.extField(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the request has no '" + field + "' field");
        }
        return value;
    }
}
