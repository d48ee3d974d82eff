package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.compression.CompressionType;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a buggy or hostile producer can send: flags and bodies a consumer could not decode are
 * refused and never stored (the official consumer would drop them together with their neighbours),
 * properties without the trailing separator are completed before the broker adds its own, and
 * offset requests are checked against the topic.
 */
class SendHardeningTest {
    private static final char NV = 1;
    private static final char SEP = 2;

    @TempDir
    Path dir;

    @Test
    void flagsAndBodiesAConsumerCannotDecodeAreRefusedAndTheirNeighboursDelivered() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            cluster.broker().topics().ensure("Flags", 1, 6, 0);
            byte[] plain = bytes("plain body that is long enough to compress well, plain body, plain body");
            List<String> accepted = new ArrayList<>();

            assertThat(send(client, cluster, "Flags", 0, bytes("first"), "").code())
                    .isEqualTo(ResponseCode.SUCCESS.code());
            accepted.add("first");
            RemotingCommand all = send(client, cluster, "Flags", -1, bytes("minus one"), "");
            assertThat(all.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(all.remark()).contains("sysFlag");
            RemotingCommand notCompressed = send(client, cluster, "Flags", 0x1, plain, "");
            assertThat(notCompressed.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(notCompressed.remark()).contains("does not inflate");
            byte[] zlib = zlib(plain);
            RemotingCommand truncated = send(client, cluster, "Flags", 0x1, java.util.Arrays.copyOf(zlib, 10), "");
            assertThat(truncated.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(send(client, cluster, "Flags", 0x1 | (4 << 8), zlib, "").code())
                    .as("unknown compression type")
                    .isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(send(client, cluster, "Flags", 0x8, bytes("commit as a send"), "")
                            .code())
                    .isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(send(client, cluster, "Flags", 0x40, bytes("inner batch"), "")
                            .code())
                    .isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            assertThat(send(client, cluster, "Flags", 0, bytes("half by property"), "TRAN_MSG" + NV + "true" + SEP)
                            .code())
                    .as("a transactional half message is not stored as a normal one")
                    .isNotEqualTo(ResponseCode.SUCCESS.code());

            assertThat(send(client, cluster, "Flags", 0x1, zlib, "").code()).isEqualTo(ResponseCode.SUCCESS.code());
            accepted.add(new String(plain, StandardCharsets.UTF_8));
            for (CompressionType type : new CompressionType[] {CompressionType.LZ4, CompressionType.ZSTD}) {
                byte[] packed = CompressorFactory.getCompressor(type).compress(plain, 3);
                int flag = 0x1 | (type.getValue() << 8);
                assertThat(send(client, cluster, "Flags", flag, packed, "").code())
                        .as(type.name())
                        .isEqualTo(ResponseCode.SUCCESS.code());
                accepted.add(new String(plain, StandardCharsets.UTF_8));
                assertThat(send(client, cluster, "Flags", flag, java.util.Arrays.copyOf(packed, packed.length / 2), "")
                                .code())
                        .as("truncated " + type.name())
                        .isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
            }
            assertThat(send(client, cluster, "Flags", 0, bytes("last"), "").code())
                    .isEqualTo(ResponseCode.SUCCESS.code());
            accepted.add("last");

            List<MessageExt> read = readAll(cluster, "Flags", 0, accepted.size());
            assertThat(read)
                    .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(accepted);
            assertThat(cluster.broker().store().maxOffsetInQueue("Flags", 0)).isEqualTo(accepted.size());
        }
    }

    @Test
    void propertiesWithoutTheTrailingSeparatorKeepTheirLastValue() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            cluster.broker().topics().ensure("Props", 1, 6, 0);
            String props = "TAGS" + NV + "t1" + SEP + "KEYS" + NV + "abc";
            assertThat(send(client, cluster, "Props", 0, bytes("single"), props).code())
                    .isEqualTo(ResponseCode.SUCCESS.code());
            byte[] batch = batchBody(List.of(bytes("b1"), bytes("b2")), props);
            RemotingCommand batchSend = client.invokeSync(
                    cluster.brokerAddr(), request(RequestCode.SEND_BATCH_MESSAGE, "Props", 0, batch, ""), 5_000);
            assertThat(batchSend.code()).isEqualTo(ResponseCode.SUCCESS.code());

            List<MessageExt> read = readAll(cluster, "Props", 0, 3);
            assertThat(read).extracting(MessageExt::getKeys).containsOnly("abc");
            assertThat(read).extracting(MessageExt::getTags).containsOnly("t1");
            assertThat(read)
                    .allSatisfy(m -> assertThat(m.getProperty("UNIQ_KEY")).matches("[0-9A-F]{28,32}"));
            assertThat(read).extracting(m -> m.getProperty("CLUSTER")).containsOnly("DefaultCluster");
        }
    }

    @Test
    void offsetRequestsAreCheckedAgainstTheTopicAlsoAfterItsDeletionAndARestart() throws Exception {
        try (SkiffTestCluster cluster = SkiffTestCluster.start(dir);
                NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
            cluster.broker().topics().ensure("Offsets", 4, 6, 0);
            assertThat(send(client, cluster, "Offsets", 0, bytes("x"), "").code())
                    .isEqualTo(ResponseCode.SUCCESS.code());

            assertThat(updateOffset(client, cluster, "Offsets", 10_000, 1).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            assertThat(updateOffset(client, cluster, "Offsets", -1, 1).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            assertThat(updateOffset(client, cluster, "Offsets", 0, -5).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());
            assertThat(updateOffset(client, cluster, "NoSuchTopic", 0, 1).code())
                    .isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
            assertThat(updateOffset(client, cluster, "Offsets", 3, 1).code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(cluster.broker().offsets().query("G", "Offsets", 3)).isEqualTo(1);
            assertThat(cluster.broker().offsets().query("G", "Offsets", 10_000)).isNegative();

            // the queue's max offset follows the send once the record is dispatched (asynchronously, as
            // in the official broker): wait for it, bounded, instead of racing the dispatcher
            RemotingCommand max = Await.answer(
                    "max offset 1 of Offsets/0",
                    Duration.ofSeconds(10),
                    () -> maxOffset(client, cluster, "Offsets", 0),
                    r -> r.code() != ResponseCode.SUCCESS.code()
                            || !"0".equals(r.extFields().get("offset")));
            assertThat(max.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(max.extFields()).containsEntry("offset", "1");
            assertThat(maxOffset(client, cluster, "Offsets", 4).code())
                    .isEqualTo(ResponseCode.INVALID_PARAMETER.code());

            RemotingCommand delete = client.invokeSync(
                    cluster.brokerAddr(),
                    RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).putExtField("topic", "Offsets"),
                    5_000);
            assertThat(delete.code()).isEqualTo(ResponseCode.SUCCESS.code());
            assertThat(maxOffset(client, cluster, "Offsets", 0).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
            cluster.restartBroker();
            assertThat(maxOffset(client, cluster, "Offsets", 0).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static RemotingCommand updateOffset(
            NettyRemotingClient client, SkiffTestCluster cluster, String topic, int queueId, long offset)
            throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .putExtField("consumerGroup", "G")
                .putExtField("topic", topic)
                .putExtField("queueId", Integer.toString(queueId))
                .putExtField("commitOffset", Long.toString(offset));
        return client.invokeSync(cluster.brokerAddr(), request, 5_000);
    }

    private static RemotingCommand maxOffset(
            NettyRemotingClient client, SkiffTestCluster cluster, String topic, int queueId) throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                .putExtField("topic", topic)
                .putExtField("queueId", Integer.toString(queueId));
        return client.invokeSync(cluster.brokerAddr(), request, 5_000);
    }

    private static RemotingCommand send(
            NettyRemotingClient client, SkiffTestCluster cluster, String topic, int sysFlag, byte[] body, String props)
            throws Exception {
        return client.invokeSync(
                cluster.brokerAddr(), request(RequestCode.SEND_MESSAGE_V2, topic, sysFlag, body, props), 5_000);
    }

    private static RemotingCommand request(int code, String topic, int sysFlag, byte[] body, String props) {
        return RemotingCommand.request(code)
                .putExtField("a", "P")
                .putExtField("b", topic)
                .putExtField("c", "TBW102")
                .putExtField("d", "4")
                .putExtField("e", "0")
                .putExtField("f", Integer.toString(sysFlag))
                .putExtField("g", Long.toString(System.currentTimeMillis()))
                .putExtField("h", "0")
                .putExtField("i", props)
                .body(body);
    }

    private static byte[] batchBody(List<byte[]> bodies, String props) {
        byte[] p = props.getBytes(StandardCharsets.UTF_8);
        int total = 0;
        for (byte[] b : bodies) {
            total += 20 + b.length + 2 + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] b : bodies) {
            out.putInt(20 + b.length + 2 + p.length)
                    .putInt(0)
                    .putInt(0)
                    .putInt(0)
                    .putInt(b.length);
            out.put(b).putShort((short) p.length).put(p);
        }
        return out.array();
    }

    /** Reads {@code count} messages of one queue from offset 0 with the official lite-pull consumer. */
    private static List<MessageExt> readAll(SkiffTestCluster cluster, String topic, int queueId, int count)
            throws Exception {
        StoreProbe.ensureRouted(cluster, topic, queueId + 1); // seek asks the route for the broker
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("Reader" + System.nanoTime());
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("r" + System.nanoTime());
        consumer.setAutoCommit(false);
        consumer.start();
        try {
            MessageQueue queue =
                    new MessageQueue(topic, cluster.broker().config().brokerName(), queueId);
            consumer.assign(List.of(queue));
            consumer.seek(queue, 0);
            List<MessageExt> read = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (read.size() < count && System.nanoTime() < deadline) {
                read.addAll(consumer.poll(500));
            }
            assertThat(read).as("messages read back").hasSize(count);
            return read;
        } finally {
            consumer.shutdown();
        }
    }

    private static byte[] zlib(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(5))) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
