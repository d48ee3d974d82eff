package dev.skiff.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check-back body decodes as the stored layout, with the real destination restored. */
class CheckMessageTest {

    @Test
    void theCheckBodyIsTheHalfRecordWithItsRealTopicQueueAndCheckCount() {
        String props = MessageProperties.encode(Map.of(
                "UNIQ_KEY", "ABC",
                "REAL_TOPIC", "Orders",
                "REAL_QID", "3",
                "TRAN_MSG", "true",
                "PGROUP", "pg"));
        HostAddress born = new HostAddress(new byte[] {10, 0, 0, 9}, 40000);
        HostAddress store = new HostAddress(new byte[] {127, 0, 0, 1}, 10911);
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        StoredMessage half = new StoredMessage(
                0, 0, 0, 0, 17, 4096, 0, 1_000, born, 2_000, store, 0, 0, body, "RMQ_SYS_TRANS_HALF_TOPIC", props);

        StoredMessage check = StoredRecordDecoder.decode(ByteBuffer.wrap(CheckMessage.checkBody(half, 2)), 0);
        assertThat(check.topic()).isEqualTo("Orders");
        assertThat(check.queueId()).isEqualTo(3);
        assertThat(check.queueOffset()).isEqualTo(17);
        assertThat(check.physicalOffset()).isEqualTo(4096);
        assertThat(check.bornHost()).isEqualTo(born);
        assertThat(check.storeHost()).isEqualTo(store);
        assertThat(check.body()).isEqualTo(body);
        assertThat(check.bodyCrcMatches()).isTrue();
        assertThat(check.propertiesMap())
                .containsEntry("TRANSACTION_CHECK_TIMES", "2")
                .containsEntry("UNIQ_KEY", "ABC");
        assertThat(check.offsetMsgId()).isEqualTo(half.offsetMsgId());
    }

    @Test
    void theCommittedCopyDropsOnlyTheTransactionMarkers() {
        String props = MessageProperties.encode(Map.of(
                "UNIQ_KEY",
                "ABC",
                "KEYS",
                "k1",
                "REAL_TOPIC",
                "Orders",
                "REAL_QID",
                "3",
                "TRAN_MSG",
                "true",
                "PGROUP",
                "pg"));
        assertThat(MessageProperties.decode(CheckMessage.committedProperties(props)))
                .containsOnlyKeys("UNIQ_KEY", "KEYS", "PGROUP");
    }
}
