package dev.skiff.broker.offset;

import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.TopicConfig;

/**
 * The check every request naming a topic's queue passes before it is served: the topic must be in
 * the topic table (17 otherwise: a deleted topic's queues keep their offsets in the store, so
 * the store alone would still answer for it) and the queue id within the topic's queues (29).
 */
final class QueueHeaderCheck {
    private QueueHeaderCheck() {}

    /** The error response for a topic and queue id, or null when both are valid. */
    static RemotingCommand problem(TopicConfigTable topics, String topic, int queueId) {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist");
        }
        int queues = Math.max(config.readQueueNums(), config.writeQueueNums());
        if (queueId < 0 || queueId >= queues) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    "queue id " + queueId + " is out of range: topic " + topic + " has " + queues + " queues");
        }
        return null;
    }
}
