package dev.skiff.bench.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

class NullBrokerRecordsTest {

    @Test
    void theOfficialDecoderReadsTheRecordsWithTheirOffsets() {
        NullBrokerRecords records = new NullBrokerRecords("DrainTopic", 1024, 10911);
        byte[] answer = records.answer(3, 1_000, 5);
        assertThat(answer).hasSize(5 * records.recordBytes());

        List<MessageExt> messages = MessageDecoder.decodes(ByteBuffer.wrap(answer), true);
        assertThat(messages).hasSize(5);
        for (int i = 0; i < 5; i++) {
            MessageExt m = messages.get(i);
            assertThat(m.getTopic()).isEqualTo("DrainTopic");
            assertThat(m.getQueueId()).isEqualTo(3);
            assertThat(m.getQueueOffset()).isEqualTo(1_000 + i);
            assertThat(m.getBody()).hasSize(1024);
            assertThat(m.getBodyCRC())
                    .isEqualTo(dev.skiff.common.message.StoredRecordLayout.bodyCrc(new byte[1024], 0, 1024));
        }
        // distinct physical offsets give distinct message ids
        assertThat(messages.stream().map(MessageExt::getMsgId).distinct()).hasSize(5);
    }

    @Test
    void countsAreClampedToTheBatch() {
        NullBrokerRecords records = new NullBrokerRecords("T", 10, 1);
        assertThat(records.answer(0, 0, 1_000)).hasSize(NullBrokerRecords.RECORDS * records.recordBytes());
        assertThat(records.answer(0, 0, 0)).hasSize(records.recordBytes());
    }
}
