package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody;
import org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ over real connections, with bodies built by the official classes. */
class QueueLockTest {
    private static final String GROUP = "cg-lock";

    @TempDir
    Path dir;

    @Test
    void locksAreExclusiveReleasedByUnlockAndByConnectionClose() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient a = new NettyRemotingClient(RemotingClientConfig.defaults());
                NettyRemotingClient b = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            String addr = cluster.brokerAddr();
            String broker = cluster.broker().config().brokerName();
            MessageQueue q0 = new MessageQueue("LockTopic", broker, 0);
            MessageQueue q1 = new MessageQueue("LockTopic", broker, 1);

            assertThat(lock(a, addr, "client-a", q0, q1)).containsExactlyInAnyOrder(q0, q1);
            assertThat(lock(b, addr, "client-b", q0, q1)).isEmpty();
            assertThat(lock(a, addr, "client-a", q0)).as("renewal").containsExactly(q0);
            assertThat(cluster.broker().queueLocks().hasUnexpiredLock(GROUP)).isTrue();

            UnlockBatchRequestBody unlock = new UnlockBatchRequestBody();
            unlock.setConsumerGroup(GROUP);
            unlock.setClientId("client-a");
            unlock.setMqSet(Set.of(q0));
            RemotingCommand unlocked = a.invokeSync(
                    addr, RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ).body(unlock.encode()), 5_000);
            assertThat(unlocked.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(lock(b, addr, "client-b", q0, q1)).containsExactly(q0);

            a.closeChannel(addr);
            Set<MessageQueue> got = Await.answer(
                    "client-b to lock " + q1,
                    Duration.ofSeconds(5),
                    () -> lock(b, addr, "client-b", q1),
                    s -> s.contains(q1));
            assertThat(got).as("client-a's connection closed, its lease ends").containsExactly(q1);
        }
    }

    @Test
    void malformedBodiesAreRefusedWith29() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient c = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            String addr = cluster.brokerAddr();
            for (String body : new String[] {
                "not json",
                "[]",
                "{\"clientId\":\"c\",\"mqSet\":[]}",
                "{\"consumerGroup\":\"g\",\"clientId\":\"c\",\"mqSet\":[{\"queueId\":1}]}"
            }) {
                RemotingCommand r = c.invokeSync(
                        addr,
                        RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).body(body.getBytes(StandardCharsets.UTF_8)),
                        5_000);
                assertThat(r.code()).as(body).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
                assertThat(r.remark()).isNotBlank();
            }
            RemotingCommand empty = c.invokeSync(addr, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ), 5_000);
            assertThat(empty.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        }
    }

    private static Set<MessageQueue> lock(NettyRemotingClient client, String addr, String clientId, MessageQueue... mqs)
            throws Exception {
        LockBatchRequestBody body = new LockBatchRequestBody();
        body.setConsumerGroup(GROUP);
        body.setClientId(clientId);
        body.setMqSet(new LinkedHashSet<>(Set.of(mqs)));
        RemotingCommand response = client.invokeSync(
                addr, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).body(body.encode()), 5_000);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        return LockBatchResponseBody.decode(response.body(), LockBatchResponseBody.class)
                .getLockOKMQSet();
    }
}
