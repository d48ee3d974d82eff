package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.file.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose commit log cannot be forced, through the official producer and admin client: a
 * sync-flush send is answered SERVICE_NOT_AVAILABLE (14) with a remark naming the failure (never
 * SEND_OK, also once the device would "recover"), the runtime info that {@code mqadmin
 * brokerStatus} shows reports the store unhealthy, and a restart serves again.
 */
@Timeout(60)
class StoreFailureTest {
    @TempDir
    Path dir;

    /** The real calls, except that a force fails while {@link #failForces} is set. */
    private static final class FailingForces implements FileOps {
        final AtomicBoolean failForces = new AtomicBoolean();

        @Override
        public int write(FileChannel channel, ByteBuffer src, long position) throws IOException {
            return FileOps.SYSTEM.write(channel, src, position);
        }

        @Override
        public void force(MemorySegment range) {
            if (failForces.get()) {
                throw new UncheckedIOException(new IOException("Input/output error"));
            }
            FileOps.SYSTEM.force(range);
        }
    }

    @Test
    void aFailedForceAnswersSendsWithAnErrorAndShowsInBrokerStatus() throws Exception {
        Properties props = new Properties();
        props.setProperty("flushDiskType", "SYNC_FLUSH");
        FailingForces ops = new FailingForces();
        try (SkiffTestCluster cluster = SkiffTestCluster.startWithFileOps(dir, props, ops)) {
            DefaultMQProducer producer = OfficialClients.producer(cluster, "pg-store-failure");
            producer.setRetryTimesWhenSendFailed(0);
            DefaultMQAdminExt admin = OfficialClients.admin(cluster, 100);
            try {
                assertThat(producer.send(message("before")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(runtime(admin, cluster)).containsEntry("storeHealthy", "true");

                ops.failForces.set(true);
                assertSendRefused(producer);
                ops.failForces.set(false); // the device "recovers": the store must stay stopped
                assertSendRefused(producer);

                Map<String, String> status = runtime(admin, cluster);
                assertThat(status).containsEntry("storeHealthy", "false");
                assertThat(status.get("storeFailure")).contains("Input/output error");
                assertThat(Long.parseLong(status.get("storeFailureCount"))).isEqualTo(1);
                assertThat(status)
                        .containsEntry("remotingPartialFramesRefused", "0")
                        .containsEntry("remotingFramesExpired", "0")
                        .containsKey("remotingPartialFrameBytes");
                assertThat(cluster.broker().store().health().failedWaiters()).isEqualTo(1);
            } finally {
                producer.shutdown();
                admin.shutdown();
            }

            cluster.restartBroker(FileOps.SYSTEM);
            DefaultMQProducer again = OfficialClients.producer(cluster, "pg-store-failure-2");
            DefaultMQAdminExt admin2 = OfficialClients.admin(cluster, 100);
            try {
                assertThat(again.send(message("after restart")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(runtime(admin2, cluster)).containsEntry("storeHealthy", "true");
            } finally {
                again.shutdown();
                admin2.shutdown();
            }
        }
    }

    private static void assertSendRefused(DefaultMQProducer producer) throws Exception {
        Exception thrown = null;
        try {
            producer.send(message("during"));
        } catch (MQBrokerException | MQClientException e) {
            thrown = e;
        }
        assertThat(thrown).as("the send must fail, never SEND_OK").isNotNull();
        int code = thrown instanceof MQBrokerException b
                ? b.getResponseCode()
                : ((MQClientException) thrown).getResponseCode();
        assertThat(code).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE.code());
        Throwable broker = thrown instanceof MQBrokerException ? thrown : thrown.getCause();
        assertThat(broker).isInstanceOf(MQBrokerException.class);
        assertThat(((MQBrokerException) broker).getErrorMessage()).contains("STORE_FAILED");
    }

    private static Map<String, String> runtime(DefaultMQAdminExt admin, SkiffTestCluster cluster) throws Exception {
        return admin.fetchBrokerRuntimeStats(cluster.brokerAddr()).getTable();
    }

    private static Message message(String body) {
        return new Message("StoreFailureTopic", "TagA", body.getBytes(StandardCharsets.UTF_8));
    }
}
