package dev.skiff.bench.auth;

import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;

/**
 * Requests built by the official 5.5.0 client classes with the fields a producer or a push
 * consumer fills: what the signing hooks and the broker's guard see in a benchmark.
 */
final class OfficialRequests {
    private OfficialRequests() {}

    /** A {@code SEND_MESSAGE_V2} (310) from a {@code SendMessageRequestHeaderV2}, with {@code body}. */
    static RemotingCommand send(String group, String topic, String properties, byte[] body) {
        SendMessageRequestHeader v1 = new SendMessageRequestHeader();
        v1.setProducerGroup(group);
        v1.setTopic(topic);
        v1.setDefaultTopic("TBW102");
        v1.setDefaultTopicQueueNums(4);
        v1.setQueueId(3);
        v1.setSysFlag(0);
        v1.setBornTimestamp(1_765_000_000_123L);
        v1.setFlag(0);
        v1.setProperties(properties);
        v1.setReconsumeTimes(0);
        v1.setUnitMode(false);
        v1.setBatch(false);
        v1.setBrokerName("broker-a");
        RemotingCommand command = RemotingCommand.createRequestCommand(
                RequestCode.SEND_MESSAGE_V2, SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(v1));
        command.setBody(body);
        return command;
    }

    /** A {@code PULL_MESSAGE} (11) from a {@code PullMessageRequestHeader}. */
    static RemotingCommand pull(String group, String topic) {
        PullMessageRequestHeader pull = new PullMessageRequestHeader();
        pull.setConsumerGroup(group);
        pull.setTopic(topic);
        pull.setQueueId(2);
        pull.setQueueOffset(123_456L);
        pull.setMaxMsgNums(32);
        pull.setSysFlag(3);
        pull.setCommitOffset(123_400L);
        pull.setSuspendTimeoutMillis(15_000L);
        pull.setSubscription("*");
        pull.setSubVersion(1_765_000_000_000L);
        pull.setExpressionType("TAG");
        pull.setMaxMsgBytes(Integer.MAX_VALUE);
        pull.setBrokerName("broker-a");
        return RemotingCommand.createRequestCommand(RequestCode.PULL_MESSAGE, pull);
    }
}
