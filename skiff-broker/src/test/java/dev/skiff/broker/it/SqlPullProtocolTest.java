package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.CheckClientRequestBody;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.protocol.header.PullMessageRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL92 pulls sent by a raw remoting client: matching records come back, non-matching ones are
 * skipped with the next offset moved past them (also when a held pull wakes for a message that
 * does not match), and bad expressions or types answer 23.
 */
@Timeout(60)
class SqlPullProtocolTest {
    private static final String TOPIC = "SqlRawTopic";
    private static final String GROUP = "cg-sql-raw";
    private static final int SUBSCRIPTION = PullMessageRequestHeader.FLAG_SUBSCRIPTION;
    private static final int SUSPEND = PullMessageRequestHeader.FLAG_SUSPEND;

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;
    private NettyRemotingClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = SkiffTestCluster.start(dir);
        producer = OfficialClients.producer(cluster, "pg-sql-raw");
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
        createTopic(cluster, TOPIC, 1);
        for (int i = 0; i < 20; i++) {
            sendWithA(i);
        }
        awaitMax(20);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void onlyMatchingRecordsComeBack() throws Exception {
        RemotingCommand response = call(pull(0, 32, SUBSCRIPTION, 0, "a >= 15 OR a = 3", "SQL92"));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(header(response).nextBeginOffset()).isEqualTo(20);
        List<MessageExt> messages = MessageDecoder.decodes(ByteBuffer.wrap(response.body()));
        assertThat(messages).extracting(m -> m.getUserProperty("a")).containsExactly("3", "15", "16", "17", "18", "19");
    }

    @Test
    void aPullThatFiltersEverythingMovesTheOffsetOn() throws Exception {
        RemotingCommand none = call(pull(0, 32, SUBSCRIPTION, 0, "a > 100", "sql92"));
        assertThat(none.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY.code());
        assertThat(header(none).nextBeginOffset()).isEqualTo(20);

        RemotingCommand few = call(pull(0, 2, SUBSCRIPTION, 0, "a > 10", "SQL92"));
        assertThat(few.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(header(few).nextBeginOffset()).isEqualTo(13);
    }

    @Test
    void aHeldPullWokenByANonMatchingMessageAnswersWithTheNextOffset() throws Exception {
        CompletableFuture<RemotingCommand> held = client.invokeAsync(
                cluster.brokerAddr(), pull(20, 32, SUBSCRIPTION | SUSPEND, 20_000, "a > 100", "SQL92"), 30_000);
        sendWithA(7);
        RemotingCommand woken = held.get(10, TimeUnit.SECONDS);
        assertThat(woken.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY.code());
        assertThat(header(woken).nextBeginOffset()).isEqualTo(21);

        sendWithA(500);
        awaitMax(22);
        RemotingCommand hit = call(pull(21, 32, SUBSCRIPTION, 0, "a > 100", "SQL92"));
        assertThat(hit.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(MessageDecoder.decodes(ByteBuffer.wrap(hit.body())))
                .extracting(m -> m.getUserProperty("a"))
                .containsExactly("500");
    }

    @Test
    void badExpressionsAndUnknownTypesAnswerParseFailed() throws Exception {
        RemotingCommand bad = call(pull(0, 32, SUBSCRIPTION, 0, "a > ", "SQL92"));
        assertThat(bad.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
        assertThat(bad.remark()).contains("invalid SQL92 expression");

        RemotingCommand unknown = call(pull(0, 32, SUBSCRIPTION, 0, "a > 1", "XPATH"));
        assertThat(unknown.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
        assertThat(unknown.remark()).contains("unknown expression type");
    }

    @Test
    void checkClientConfigAnswersAsTheOfficialBroker() throws Exception {
        assertThat(check(null).code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(check(new CheckClientRequestBody("c1", GROUP, null).encode()).code())
                .isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(check(body("TagA || TagB", "TAG")).code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(check(body("a > 5 AND b IN ('x')", "SQL92")).code()).isEqualTo(ResponseCode.SUCCESS.code());
        RemotingCommand bad = check(body("a > 'x'", "SQL92"));
        assertThat(bad.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
        assertThat(bad.remark())
                .contains("only numbers and properties can be compared")
                .contains("at character");
        assertThat(check(body("a > 5", "XPATH")).code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
        assertThat(check("{not json".getBytes(StandardCharsets.UTF_8)).code())
                .isEqualTo(ResponseCode.SYSTEM_ERROR.code());
    }

    private static byte[] body(String expression, String type) {
        return new CheckClientRequestBody(
                        "c1", GROUP, new SubscriptionData(TOPIC, expression, Set.of(), Set.of(), 1L, type, false))
                .encode();
    }

    private RemotingCommand check(byte[] body) throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG);
        if (body != null) {
            request.body(body);
        }
        return call(request);
    }

    private void sendWithA(int a) throws Exception {
        Message m = new Message(TOPIC, "T", "k" + a, ("a=" + a).getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("a", Integer.toString(a));
        producer.send(m);
    }

    private void awaitMax(long max) throws InterruptedException {
        ConsumeSupport.await(
                "dispatch up to offset " + max,
                10_000,
                () -> cluster.broker().store().maxOffsetInQueue(TOPIC, 0) == max);
    }

    private static RemotingCommand pull(
            long offset, int maxNums, int sysFlag, long suspendMs, String expression, String type) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP, TOPIC, 0, offset, maxNums, sysFlag, 0, suspendMs, expression, 0, type, null, null));
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(cluster.brokerAddr(), request, 10_000);
    }

    private static PullMessageResponseHeader header(RemotingCommand response) {
        return PullMessageResponseHeader.decode(response.fields());
    }
}
