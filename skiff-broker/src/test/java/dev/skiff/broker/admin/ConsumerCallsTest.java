package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.group.SubscriptionGroupTable;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.common.ManualClock;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RemotingException;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.testing.FakeChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests for one consumer client passed on over its connection, with a scripted client. */
class ConsumerCallsTest {
    @TempDir
    Path dir;

    @Test
    void runningInfoGoesToTheNamedClientAndItsAnswerComesBack() throws Exception {
        FakeChannel client = FakeChannel.at("127.0.0.1", 50000)
                .answering(CompletableFuture.completedFuture(RemotingCommand.response(0, null)
                        .body("{\"properties\":{}}".getBytes(StandardCharsets.UTF_8))));
        RemotingCommand answer = relay(directory(client, 479), runningInfoRequest("cg", "10.0.0.2@1"));

        assertThat(client.lastAsync.get().code()).isEqualTo(RequestCode.GET_CONSUMER_RUNNING_INFO);
        assertThat(client.lastAsync.get().extField("clientId")).isEqualTo("10.0.0.2@1");
        assertThat(client.lastAsync.get().extField("jstackEnable")).isEqualTo("false");
        assertThat(answer.code()).isZero();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"properties\":{}}");
    }

    @Test
    void clientErrorsAndTimeoutsAnswerWithCodes() throws Exception {
        FakeChannel refusing = FakeChannel.at("127.0.0.1", 50000)
                .answering(CompletableFuture.completedFuture(RemotingCommand.response(1, "the consumer said no")));
        RemotingCommand refused = relay(directory(refusing, 479), runningInfoRequest("cg", "10.0.0.2@1"));
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.remark()).isEqualTo("the consumer said no");

        FakeChannel silent = FakeChannel.at("127.0.0.1", 50000)
                .answering(CompletableFuture.failedFuture(
                        new RemotingException.TimeoutException("10.0.0.2:50000", 4_500)));
        RemotingCommand timedOut = relay(directory(silent, 479), runningInfoRequest("cg", "10.0.0.2@1"));
        assertThat(timedOut.code()).isEqualTo(207);
        assertThat(timedOut.remark()).contains("did not answer within 4500 ms");

        FakeChannel gone = FakeChannel.at("127.0.0.1", 50000)
                .answering(CompletableFuture.failedFuture(
                        new RemotingException("10.0.0.2:50000", "connection closed before the response", null)));
        RemotingCommand unreachable = relay(directory(gone, 479), runningInfoRequest("cg", "10.0.0.2@1"));
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.remark()).contains("cannot reach consumer 10.0.0.2@1", "connection closed");
    }

    @Test
    void offlineAndTooOldClientsAreNotAsked() throws Exception {
        FakeChannel client = FakeChannel.at("127.0.0.1", 50000)
                .answering(CompletableFuture.completedFuture(RemotingCommand.success()));
        RemotingCommand offline = relay(directory(client, 479), runningInfoRequest("cg", "10.0.0.9@1"));
        assertThat(offline.code()).isEqualTo(1);
        assertThat(offline.remark()).contains("10.0.0.9@1", "not connected");

        RemotingCommand old = relay(directory(client, 61), runningInfoRequest("cg", "10.0.0.2@1"));
        assertThat(old.code()).isEqualTo(1);
        assertThat(old.remark()).contains("V3_1_8_SNAPSHOT");
        assertThat(client.lastAsync.get()).isNull();
    }

    private RemotingCommand relay(ClientDirectory directory, RemotingCommand request) throws Exception {
        ManualClock clock = new ManualClock(1_000);
        ConsumerCalls calls = new ConsumerCalls(
                "broker-a",
                TopicConfigTable.open(dir.resolve("topics.json"), clock, 10, List.of()),
                SubscriptionGroupTable.open(dir.resolve("groups.json"), clock, true, 10),
                null, // running-info calls never read the store
                directory);
        AtomicReference<RemotingCommand> answer = new AtomicReference<>();
        calls.relay(
                new RequestContext() {
                    @Override
                    public RemotingChannel channel() {
                        return null;
                    }

                    @Override
                    public void respond(RemotingCommand response) {
                        assertThat(answer.compareAndSet(null, response))
                                .as("answered once")
                                .isTrue();
                    }

                    @Override
                    public boolean isOneway() {
                        return false;
                    }
                },
                request);
        assertThat(answer.get()).as("answered").isNotNull();
        return answer.get();
    }

    private static RemotingCommand runningInfoRequest(String group, String clientId) {
        return RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .putExtField("consumerGroup", group)
                .putExtField("clientId", clientId)
                .putExtField("jstackEnable", "false");
    }

    /** A directory in which group "cg" has the one client "10.0.0.2@1" on {@code channel}. */
    private static ClientDirectory directory(RemotingChannel channel, int version) {
        return new ClientDirectory.Empty() {
            @Override
            public ConsumerClient consumerClient(String group, String clientId) {
                return group.equals("cg") && clientId.equals("10.0.0.2@1")
                        ? new ConsumerClient(channel, version)
                        : null;
            }
        };
    }
}
