package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendTest {
    @TempDir
    Path dir;

    @Test
    void officialProducerAutoCreatesTopicAndSends() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-send");
            try {
                SendResult result =
                        producer.send(new Message("SendTopic", "TagA", "hello".getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getTopic()).isEqualTo("SendTopic");
                assertThat(cluster.broker().topics().get("SendTopic")).isNotNull();
                assertThat(cluster.broker()
                                .store()
                                .maxOffsetInQueue(
                                        "SendTopic", result.getMessageQueue().getQueueId()))
                        .isEqualTo(result.getQueueOffset() + 1);
            } finally {
                producer.shutdown();
            }
        }
    }
}
