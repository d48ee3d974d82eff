package dev.skiff.bench.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The check CI runs against {@code bin/skiff standalone} started as the README says: the official
 * 5.5.0 producer sends one message with a fresh body, and the official lite-pull consumer reads it
 * back from the queue and offset the send reported. Exit 0 only when the body read equals the body
 * sent; anything else prints what went wrong and exits 1.
 *
 * <pre>java -cp 'skiff-bench/target/lib/*' dev.skiff.bench.cli.SmokeCheck 127.0.0.1:9876</pre>
 */
public final class SmokeCheck {
    private static final String TOPIC = "SkiffSmokeCheck";
    private static final long READ_DEADLINE_MS = 60_000;

    private SmokeCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SmokeCheck NAMESRV_HOST:PORT");
            System.exit(2);
        }
        int status;
        try {
            status = check(args[0]) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("smoke: failed: " + e);
            status = 1;
        }
        System.exit(status); // the official client leaves non-daemon threads
    }

    private static boolean check(String namesrv) throws Exception {
        String body = "skiff smoke " + UUID.randomUUID();
        DefaultMQProducer producer = new DefaultMQProducer("SkiffSmokeProducer");
        producer.setNamesrvAddr(namesrv);
        producer.setSendMsgTimeout(15_000);
        producer.start();
        SendResult sent;
        try {
            sent = producer.send(new Message(TOPIC, "smoke", body.getBytes(StandardCharsets.UTF_8)));
        } finally {
            producer.shutdown();
        }
        if (sent.getSendStatus() != SendStatus.SEND_OK) {
            System.err.println("smoke: send answered " + sent.getSendStatus());
            return false;
        }
        System.out.println("smoke: sent " + sent.getMsgId() + " to " + sent.getMessageQueue() + " at offset "
                + sent.getQueueOffset());
        return readBack(namesrv, sent.getMessageQueue(), sent.getQueueOffset(), body);
    }

    private static boolean readBack(String namesrv, MessageQueue queue, long offset, String body) throws Exception {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("SkiffSmokeConsumer");
        consumer.setNamesrvAddr(namesrv);
        consumer.setAutoCommit(false);
        consumer.start();
        try {
            consumer.assign(List.of(queue));
            consumer.seek(queue, offset);
            long deadline = System.currentTimeMillis() + READ_DEADLINE_MS;
            while (System.currentTimeMillis() < deadline) {
                for (MessageExt m : consumer.poll(1_000)) {
                    String got = new String(m.getBody(), StandardCharsets.UTF_8);
                    if (got.equals(body)) {
                        System.out.println("smoke: read back " + m.getMsgId() + " from offset " + m.getQueueOffset());
                        return true;
                    }
                    System.err.println("smoke: unexpected body at offset " + m.getQueueOffset() + ": " + got);
                    return false;
                }
            }
            System.err.println("smoke: the message was not read back within " + READ_DEADLINE_MS + " ms");
            return false;
        } finally {
            consumer.shutdown();
        }
    }
}
