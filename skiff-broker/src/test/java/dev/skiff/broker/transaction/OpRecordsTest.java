package dev.skiff.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.MessageToStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpRecordsTest {

    @Test
    void anOpRecordNamesOneHalfOffsetUnderTagD() {
        MessageToStore op = OpRecords.decided(42, 7, new HostAddress(new byte[] {127, 0, 0, 1}, 10911));
        assertThat(op.topic()).isEqualTo(SystemTopics.TRANS_OP_HALF_TOPIC);
        assertThat(op.queueId()).isZero();
        assertThat(MessageProperties.get(op.properties(), "TAGS")).isEqualTo("d");
        assertThat(new String(op.body(), StandardCharsets.US_ASCII)).isEqualTo("42");
        assertThat(OpRecords.offsets(op.body())).containsExactly(42);
    }

    @Test
    void manyOffsetsAndATrailingCommaAreRead() {
        assertThat(OpRecords.offsets("1,20,300,".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(1, 20, 300);
    }

    @Test
    void garbageEntriesAreSkippedNotMisread() {
        assertThat(OpRecords.offsets("5,x7,,-3,99999999999999999999,8".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(5, 8);
        assertThat(OpRecords.offsets(new byte[0])).isEmpty();
    }
}
