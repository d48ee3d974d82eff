package dev.skiff.broker.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchBodyTest {
    static byte[] record(int flag, String body, String props) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] p = props.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(20 + b.length + 2 + p.length);
        buf.putInt(buf.capacity())
                .putInt(0)
                .putInt(0)
                .putInt(flag)
                .putInt(b.length)
                .put(b);
        buf.putShort((short) p.length).put(p);
        return buf.array();
    }

    @Test
    void decodesTheSheetExample() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(record(0, "A", "KEYS\u0001k1\u0002TAGS\u0001TagA\u0002"));
        out.writeBytes(record(7, "B", "TAGS\u0001TagB\u0002"));
        List<BatchBody.Entry> entries = BatchBody.decode(out.toByteArray(), 100);
        assertThat(entries).hasSize(2);
        assertThat(new String(entries.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("A");
        assertThat(entries.get(1).flag()).isEqualTo(7);
        assertThat(entries.get(1).properties()).isEqualTo("TAGS\u0001TagB\u0002");
    }

    @Test
    void malformedBodiesAreRejectedWithAReason() {
        byte[] good = record(0, "hello", "");
        assertThatThrownBy(() -> BatchBody.decode(new byte[0], 10)).hasMessageContaining("empty");
        assertThatThrownBy(() -> BatchBody.decode(java.util.Arrays.copyOf(good, good.length - 1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] hugeBody = good.clone();
        ByteBuffer.wrap(hugeBody).putInt(16, Integer.MAX_VALUE);
        assertThatThrownBy(() -> BatchBody.decode(hugeBody, 10)).hasMessageContaining("body length");
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            many.writeBytes(good);
        }
        assertThatThrownBy(() -> BatchBody.decode(many.toByteArray(), 2)).hasMessageContaining("more than 2");
    }

    @Test
    void randomAndMutatedInputNeverEscapesAsAnotherException() {
        Random random = new Random(42);
        byte[] good = record(0, "payload", "TAGS\u0001T\u0002");
        for (int i = 0; i < 5_000; i++) {
            byte[] input = random.nextBoolean() ? good.clone() : new byte[random.nextInt(64)];
            if (input.length > 0) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt();
                }
            }
            try {
                BatchBody.decode(input, 16);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
