package dev.skiff.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private static byte[] frame(long offset, byte[] body) {
        byte[] f = new byte[TransferFrame.HEADER_BYTES + body.length];
        TransferFrame.writeHeader(f, offset, body.length);
        System.arraycopy(body, 0, f, TransferFrame.HEADER_BYTES, body.length);
        return f;
    }

    private record Got(long offset, byte[] body) {}

    /** Feeds {@code stream} in pieces of the given sizes (cycled), as short reads would deliver it. */
    private static List<Got> feed(FrameAssembler a, byte[] stream, int[] pieces) {
        List<Got> out = new ArrayList<>();
        int at = 0;
        int k = 0;
        while (at < stream.length) {
            int n = Math.min(Math.min(pieces[k++ % pieces.length], a.want()), stream.length - at);
            System.arraycopy(stream, at, a.buffer(), a.position(), n);
            at += n;
            if (a.advance(n)) {
                ByteBuffer body = a.body();
                byte[] copy = new byte[body.remaining()];
                body.get(copy);
                out.add(new Got(a.offset(), copy));
                a.reset();
            }
        }
        return out;
    }

    @Test
    void framesSplitAnywhereComeOutWhole() {
        Random random = new Random(7);
        byte[] b1 = new byte[1000];
        byte[] b2 = new byte[0]; // a heartbeat
        byte[] b3 = new byte[32 * 1024];
        random.nextBytes(b1);
        random.nextBytes(b3);
        ByteBuffer stream = ByteBuffer.allocate(3 * TransferFrame.HEADER_BYTES + b1.length + b3.length);
        stream.put(frame(4096, b1)).put(frame(5096, b2)).put(frame(5096, b3));
        for (int[] pieces : new int[][] {{1}, {5, 7}, {11, 13, 4096}, {1 << 20}}) {
            List<Got> got = feed(new FrameAssembler(64 * 1024), stream.array(), pieces);
            assertThat(got).extracting(Got::offset).containsExactly(4096L, 5096L, 5096L);
            assertThat(got.get(0).body()).isEqualTo(b1);
            assertThat(got.get(1).body()).isEmpty();
            assertThat(got.get(2).body()).isEqualTo(b3);
        }
    }

    @Test
    void aBodySizeOutOfRangeIsRefusedAtTheHeader() {
        FrameAssembler a = new FrameAssembler(1024);
        TransferFrame.writeHeader(a.buffer(), 0, 1025);
        assertThatThrownBy(() -> a.advance(TransferFrame.HEADER_BYTES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1025");
        FrameAssembler b = new FrameAssembler(1024);
        TransferFrame.writeHeader(b.buffer(), 0, -1);
        assertThatThrownBy(() -> b.advance(TransferFrame.HEADER_BYTES)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whereSendingStartsForAFirstReport() {
        int seg = 1 << 20;
        assertThat(HaConnection.startOffset(0, 0, seg)).isZero();
        assertThat(HaConnection.startOffset(0, 3L * seg + 500, seg)).isEqualTo(3L * seg);
        assertThat(HaConnection.startOffset(700, 3L * seg, seg)).isEqualTo(700);
        assertThat(HaConnection.startOffset(3L * seg, 3L * seg, seg)).isEqualTo(3L * seg);
        assertThat(HaConnection.startOffset(3L * seg + 1, 3L * seg, seg)).isEqualTo(-1);
        assertThat(HaConnection.startOffset(-5, 3L * seg, seg))
                .as("negative: not an offset")
                .isEqualTo(-1);
    }
}
