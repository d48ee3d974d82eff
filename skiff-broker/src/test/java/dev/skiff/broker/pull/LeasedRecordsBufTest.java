package dev.skiff.broker.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.codec.FrameEncoder;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeasedRecordsBufTest {

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b.asReadOnlyBuffer();
    }

    @Test
    void theLeaseIsHeldUntilTheTransportReleasesTheWrittenFrame() {
        AtomicInteger closes = new AtomicInteger();
        ByteBuffer first = direct("record-one|");
        ByteBuffer second = direct("record-two");
        LeasedRecordsBuf body = LeasedRecordsBuf.wrap(List.of(first, second), closes::incrementAndGet);
        assertThat(body.readableBytes()).isEqualTo(21);
        assertThat(body.numComponents()).as("one component per record, no copy").isEqualTo(2);

        RemotingCommand response = RemotingCommand.success().bodyBuf(body);
        ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, response, SerializeType.JSON, 1 << 24);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeOutbound(frame);
        assertThat(closes.get()).as("held while the frame waits in the channel").isZero();

        ByteBuf written = channel.readOutbound();
        byte[] tail = new byte[21];
        written.getBytes(written.writerIndex() - 21, tail);
        assertThat(new String(tail, StandardCharsets.US_ASCII)).isEqualTo("record-one|record-two");
        assertThat(closes.get())
                .as("still held until the transport lets go of the bytes")
                .isZero();

        written.release();
        assertThat(closes.get()).isEqualTo(1);
        assertThat(first.position()).as("the store's views are not moved").isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void aFailedEncodeReleasesTheLeaseToo() {
        AtomicInteger closes = new AtomicInteger();
        LeasedRecordsBuf body = LeasedRecordsBuf.wrap(List.of(direct("x".repeat(100))), closes::incrementAndGet);
        RemotingCommand response = RemotingCommand.success().bodyBuf(body);
        try {
            FrameEncoder.encode(ByteBufAllocator.DEFAULT, response, SerializeType.JSON, 64);
        } catch (IllegalArgumentException expected) {
            // frame over the limit
        }
        assertThat(closes.get()).isEqualTo(1);
    }
}
