package dev.skiff.broker.it;

import static dev.skiff.broker.it.ConsumeSupport.createTopic;
import static dev.skiff.broker.it.ConsumeSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.pull.TagFilter;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.ConsumerIdList;
import dev.skiff.remoting.protocol.body.HeartbeatData;
import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.remoting.protocol.header.GetConsumerListByGroupRequestHeader;
import dev.skiff.remoting.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import dev.skiff.remoting.protocol.header.GetMaxOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.GetMinOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageRequestHeader;
import dev.skiff.remoting.protocol.header.PullMessageResponseHeader;
import dev.skiff.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.SearchOffsetRequestHeader;
import dev.skiff.remoting.protocol.header.UnregisterClientRequestHeader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull, offset and membership requests sent by a raw remoting client, checked field by field. */
class PullProtocolTest {
    private static final String TOPIC = "RawPullTopic";
    private static final String GROUP = "cg-raw";
    private static final int SUSPEND = PullMessageRequestHeader.FLAG_SUSPEND;
    private static final int SUBSCRIPTION = PullMessageRequestHeader.FLAG_SUBSCRIPTION;
    private static final int COMMIT = PullMessageRequestHeader.FLAG_COMMIT_OFFSET;

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;
    private NettyRemotingClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = SkiffTestCluster.start(dir);
        producer = OfficialClients.producer(cluster, "pg-raw");
        client = new NettyRemotingClient(RemotingClientConfig.defaults());
        createTopic(cluster, TOPIC, 1);
        send(producer, TOPIC, "TagA", "m", 5);
        ConsumeSupport.await(
                "dispatch of the 5 messages",
                10_000,
                () -> cluster.broker().store().maxOffsetInQueue(TOPIC, 0) == 5);
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

    private static RemotingCommand pullRequest(
            long offset, int maxNums, int sysFlag, long commitOffset, long suspendMs) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP, TOPIC, 0, offset, maxNums, sysFlag, commitOffset, suspendMs, "*", 0, "TAG", null, null));
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(cluster.brokerAddr(), request, 10_000);
    }

    private static PullMessageResponseHeader header(RemotingCommand response) {
        return PullMessageResponseHeader.decode(response.fields());
    }

    @Test
    void pullReturnsStoredRecordsThatTheOfficialDecoderReads() throws Exception {
        RemotingCommand response = call(pullRequest(1, 3, SUBSCRIPTION, 0, 0));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(header(response).nextBeginOffset()).isEqualTo(4);
        assertThat(header(response).minOffset()).isZero();
        assertThat(header(response).maxOffset()).isEqualTo(5);
        assertThat(header(response).suggestWhichBrokerId()).isZero();
        List<MessageExt> messages = MessageDecoder.decodes(ByteBuffer.wrap(response.body()));
        assertThat(messages).extracting(MessageExt::getKeys).containsExactly("m-1", "m-2", "m-3");
        assertThat(messages).extracting(MessageExt::getQueueOffset).containsExactly(1L, 2L, 3L);
    }

    @Test
    void pullBeyondTheEndIsMovedToTheMaxOffset() throws Exception {
        RemotingCommand beyond = call(pullRequest(100, 32, SUBSCRIPTION, 0, 0));
        assertThat(beyond.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED.code());
        assertThat(header(beyond).nextBeginOffset()).isEqualTo(5);
        assertThat(header(beyond).maxOffset()).isEqualTo(5);

        RemotingCommand caughtUp = call(pullRequest(5, 32, SUBSCRIPTION, 0, 0));
        assertThat(caughtUp.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND.code());
        assertThat(header(caughtUp).nextBeginOffset()).isEqualTo(5);
    }

    @Test
    void emptyQueueAnswersNotFoundAtZeroAndMovedElsewhere() throws Exception {
        createTopic(cluster, "EmptyTopic", 1);
        RemotingCommand atZero = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP, "EmptyTopic", 0, 0, 32, SUBSCRIPTION, 0, 0, "*", 0, null, null, null)));
        RemotingCommand atSeven = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP, "EmptyTopic", 0, 7, 32, SUBSCRIPTION, 0, 0, "*", 0, null, null, null)));

        assertThat(atZero.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND.code());
        assertThat(atSeven.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED.code());
        assertThat(header(atSeven).nextBeginOffset()).isZero();
    }

    @Test
    void refusalsCarryTheOfficialCodes() throws Exception {
        RemotingCommand noHeartbeat = call(pullRequest(0, 32, 0, 0, 0));
        assertThat(noHeartbeat.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST.code());

        RemotingCommand badQueue = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(GROUP, TOPIC, 9, 0, 32, SUBSCRIPTION, 0, 0, "*", 0, null, null, null)));
        assertThat(badQueue.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());

        RemotingCommand noTopic = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        GROUP, "NoSuchTopic", 0, 0, 32, SUBSCRIPTION, 0, 0, "*", 0, null, null, null)));
        assertThat(noTopic.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());

        RemotingCommand badExpression = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(GROUP, TOPIC, 0, 0, 32, SUBSCRIPTION, 0, 0, "||", 0, null, null, null)));
        assertThat(badExpression.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());

        RemotingCommand missingField = RemotingCommand.request(RequestCode.PULL_MESSAGE);
        missingField.putExtField("consumerGroup", GROUP);
        assertThat(call(missingField).code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
    }

    @Test
    void aHeldPullIsAnsweredAsSoonAsAMessageArrives() throws Exception {
        CompletableFuture<RemotingCommand> held =
                client.invokeAsync(cluster.brokerAddr(), pullRequest(5, 32, SUSPEND | SUBSCRIPTION, 0, 15_000), 30_000);
        ConsumeSupport.await(
                "the pull to be held", 5_000, () -> cluster.broker().heldPullCount(TOPIC) == 1);
        assertThat(held).as("the pull is held while the queue is caught up").isNotDone();

        long sentAt = System.nanoTime();
        send(producer, TOPIC, "TagA", "late", 1);
        RemotingCommand response = held.get(5, TimeUnit.SECONDS);
        long waitedMs = (System.nanoTime() - sentAt) / 1_000_000;

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(MessageDecoder.decodes(ByteBuffer.wrap(response.body())))
                .extracting(MessageExt::getKeys)
                .containsExactly("late-0");
        assertThat(waitedMs).isLessThan(3_000);
    }

    @Test
    void aHeldPullExpiresWithNotFoundAtTheRequestedOffset() throws Exception {
        long start = System.nanoTime();
        RemotingCommand response = call(pullRequest(5, 32, SUSPEND | SUBSCRIPTION, 0, 400));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND.code());
        assertThat(header(response).nextBeginOffset()).isEqualTo(5);
        assertThat(tookMs).isBetween(350L, 5_000L);
    }

    @Test
    void commitFlagStoresTheOffsetAndAPendingResetMovesThePull() throws Exception {
        call(pullRequest(0, 1, COMMIT | SUBSCRIPTION, 4, 0));
        assertThat(cluster.broker().offsets().query(GROUP, TOPIC, 0)).isEqualTo(4);

        cluster.broker().offsets().reset(GROUP, TOPIC, 0, 2);
        RemotingCommand moved = call(pullRequest(4, 32, SUBSCRIPTION, 0, 0));
        assertThat(moved.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED.code());
        assertThat(header(moved).nextBeginOffset()).isEqualTo(2);

        RemotingCommand after = call(pullRequest(2, 32, SUBSCRIPTION, 0, 0));
        assertThat(after.code()).as("the reset is taken once").isEqualTo(ResponseCode.SUCCESS.code());
    }

    @Test
    void queryOffsetFollowsTheYoungQueueQuirk() throws Exception {
        RemotingCommand young = call(RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET, new QueryConsumerOffsetRequestHeader("cg-new", TOPIC, 0, null)));
        assertThat(young.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(young.extField("offset")).isEqualTo("0");

        RemotingCommand noZero = call(RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET, new QueryConsumerOffsetRequestHeader("cg-new", TOPIC, 0, false)));
        assertThat(noZero.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND.code());

        createTopic(cluster, "EmptyOffsets", 1);
        RemotingCommand empty = call(RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET,
                new QueryConsumerOffsetRequestHeader("cg-new", "EmptyOffsets", 0, null)));
        assertThat(empty.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND.code());
    }

    @Test
    void queueBoundsAndSearchByTime() throws Exception {
        RemotingCommand max = call(
                RemotingCommand.request(RequestCode.GET_MAX_OFFSET, new GetMaxOffsetRequestHeader(TOPIC, 0, true)));
        RemotingCommand min =
                call(RemotingCommand.request(RequestCode.GET_MIN_OFFSET, new GetMinOffsetRequestHeader(TOPIC, 0)));
        RemotingCommand earliest = call(RemotingCommand.request(
                RequestCode.GET_EARLIEST_MSG_STORETIME, new GetEarliestMsgStoretimeRequestHeader(TOPIC, 0)));
        long firstStoreTime = Long.parseLong(earliest.extField("timestamp"));
        RemotingCommand search = call(RemotingCommand.request(
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new SearchOffsetRequestHeader(TOPIC, 0, firstStoreTime, false)));
        RemotingCommand future = call(RemotingCommand.request(
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new SearchOffsetRequestHeader(TOPIC, 0, firstStoreTime + 3_600_000, false)));

        assertThat(max.extField("offset")).isEqualTo("5");
        assertThat(min.extField("offset")).isEqualTo("0");
        assertThat(firstStoreTime).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(search.extField("offset")).isEqualTo("0");
        assertThat(future.extField("offset")).isEqualTo("5");
    }

    @Test
    void consumerListOfAnUnknownGroupIsAnError() throws Exception {
        RemotingCommand response = call(RemotingCommand.request(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, new GetConsumerListByGroupRequestHeader("cg-nobody")));
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(response.remark()).contains("no consumer for this group");
    }

    @Test
    void heartbeatRegistersTheGroupAndItsRetryTopicAndUnregisterRemovesIt() throws Exception {
        SubscriptionData sub = TagFilter.parse(TOPIC, "TagA || TagB");
        HeartbeatData heartbeat = new HeartbeatData(
                "127.0.0.1@raw",
                List.of(new HeartbeatData.ProducerData("pg-hb")),
                List.of(new HeartbeatData.ConsumerData(
                        "cg-hb", "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", List.of(sub), false)),
                0,
                false);
        RemotingCommand response =
                call(RemotingCommand.request(RequestCode.HEART_BEAT).body(heartbeat.encode()));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(response.version()).isEqualTo(479);
        assertThat(response.extField("IS_SUPPORT_HEART_BEAT_V2")).isEqualTo("false");
        assertThat(response.extField("IS_SUB_CHANGE")).isEqualTo("true");
        assertThat(cluster.broker().topics().get("%RETRY%cg-hb").readQueueNums())
                .isEqualTo(1);
        RemotingCommand list = call(RemotingCommand.request(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, new GetConsumerListByGroupRequestHeader("cg-hb")));
        assertThat(ConsumerIdList.decode(list.body()).consumerIdList()).containsExactly("127.0.0.1@raw");
        assertThat(cluster.broker().producers().connections("pg-hb"))
                .extracting(c -> c.clientId())
                .containsExactly("127.0.0.1@raw");

        RemotingCommand tagged = call(RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader("cg-hb", TOPIC, 0, 0, 32, 0, 0, 0, null, 0, null, null, null)));
        assertThat(tagged.code()).as("the heartbeat subscription serves pulls").isEqualTo(ResponseCode.SUCCESS.code());

        call(RemotingCommand.request(
                RequestCode.UNREGISTER_CLIENT, new UnregisterClientRequestHeader("127.0.0.1@raw", "pg-hb", "cg-hb")));
        assertThat(cluster.broker().consumers().consumerIds("cg-hb")).isEmpty();
        assertThat(cluster.broker().producers().connections("pg-hb")).isEmpty();
    }

    /**
     * The official push consumer raises its subscription version at each rebalance and may skip
     * the heartbeat that tells the broker (its lock is held by the periodic one); it pulls without
     * posting its expression. Such a pull is served, never answered SUBSCRIPTION_NOT_LATEST.
     */
    @Test
    void aPullNewerThanTheRegisteredSubscriptionIsServed() throws Exception {
        SubscriptionData sub = new SubscriptionData(
                TOPIC, "TagB", Set.of("TagB"), Set.of("TagB".hashCode()), 100, SubscriptionData.TYPE_TAG, false);
        HeartbeatData heartbeat = new HeartbeatData(
                "127.0.0.1@ver",
                List.of(),
                List.of(new HeartbeatData.ConsumerData(
                        "cg-ver", "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", List.of(sub), false)),
                0,
                false);
        assertThat(call(RemotingCommand.request(RequestCode.HEART_BEAT).body(heartbeat.encode()))
                        .code())
                .isEqualTo(ResponseCode.SUCCESS.code());

        RemotingCommand older = call(pullVersion(null, 50));
        assertThat(older.code())
                .as("an older pull is served with the registered filter (TagB; the queue holds TagA)")
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY.code());
        RemotingCommand unposted = call(pullVersion(null, 200));
        assertThat(unposted.code())
                .as("a newer pull without its expression is served unfiltered; the client checks tags itself")
                .isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(MessageDecoder.decodes(ByteBuffer.wrap(unposted.body()))).hasSize(5);
        assertThat(call(pullVersion("TagA", 200)).code())
                .as("a newer pull that posts its expression is filtered by it")
                .isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(call(pullVersion("TagC", 200)).code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY.code());
    }

    private static RemotingCommand pullVersion(String expression, long subVersion) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE,
                new PullMessageRequestHeader(
                        "cg-ver", TOPIC, 0, 0, 32, 0, 0, 0, expression, subVersion, "TAG", null, null));
    }

    @Test
    void aMalformedHeartbeatIsAnErrorNotACrash() throws Exception {
        RemotingCommand response = call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body("{\"clientID\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(response.remark()).contains("heartbeat");
    }
}
