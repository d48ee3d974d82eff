package dev.skiff.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated frames against the decoder: nothing escapes the pipeline, a broken
 * stream closes the channel, and no buffer is ever allocated beyond one frame plus one input chunk.
 */
class FrameDecoderFuzzTest {
    private static final int FRAME_MAX = 64 * 1024;
    private static final int CHUNK_MAX = 4 * 1024;
    private static final int ITERATIONS = 4_000;
    private static final long TIME_LIMIT_NS = TimeUnit.SECONDS.toNanos(20);

    /** Fails any allocation larger than the bound, which is what "never allocate from an unchecked length" means. */
    static final class BoundedAllocator extends AbstractByteBufAllocator {
        final int limit;
        final AtomicInteger largest = new AtomicInteger();

        BoundedAllocator(int limit) {
            super(false);
            this.limit = limit;
        }

        private void check(int capacity) {
            largest.accumulateAndGet(capacity, Math::max);
            if (capacity > limit) {
                throw new AssertionError("allocation of " + capacity + " bytes beyond the bound " + limit);
            }
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            check(initialCapacity);
            return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            check(initialCapacity);
            return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void randomAndMutatedFramesNeverEscapeTheDecoder() {
        Random random = new Random(0x5EEDL);
        BoundedAllocator allocator = new BoundedAllocator(2 * (FRAME_MAX + CHUNK_MAX));
        long start = System.nanoTime();
        int decoded = 0;
        int closed = 0;
        int iterations = 0;
        for (; iterations < ITERATIONS && System.nanoTime() - start < TIME_LIMIT_NS; iterations++) {
            byte[] stream = randomStream(random);
            LongAdder malformed = new LongAdder();
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.config().setAllocator(allocator);
            ch.pipeline().addLast(new FrameDecoder(FRAME_MAX, malformed));
            for (int i = 0; i < stream.length && ch.isOpen(); ) {
                int n = Math.min(stream.length - i, 1 + random.nextInt(CHUNK_MAX));
                ch.writeInbound(Unpooled.wrappedBuffer(stream, i, n));
                ch.checkException();
                i += n;
            }
            for (Object msg; (msg = ch.readInbound()) != null; ) {
                RemotingCommand cmd = (RemotingCommand) msg;
                assertThat(cmd.bodyLength()).isLessThan(FRAME_MAX);
                decoded++;
            }
            if (!ch.isOpen()) {
                closed++;
                assertThat(malformed.sum()).isEqualTo(1);
            }
            ch.finishAndReleaseAll();
        }
        assertThat(iterations).isGreaterThan(100);
        assertThat(decoded).as("some frames survive mutation").isPositive();
        assertThat(closed).as("some streams are rejected").isPositive();
        assertThat(allocator.largest.get()).isLessThanOrEqualTo(allocator.limit);
    }

    /** One to three valid frames, then a mutation of one kind, or pure garbage. */
    private static byte[] randomStream(Random random) {
        ByteBuf all = Unpooled.buffer();
        int frames = 1 + random.nextInt(3);
        for (int f = 0; f < frames; f++) {
            RemotingCommand cmd = RemotingCommand.request(random.nextInt(400));
            for (int k = random.nextInt(6); k > 0; k--) {
                cmd.putExtField("k" + random.nextInt(20), randomText(random));
            }
            if (random.nextBoolean()) {
                cmd.remark(randomText(random));
            }
            byte[] body = new byte[random.nextInt(3) == 0 ? random.nextInt(8192) : 0];
            random.nextBytes(body);
            cmd.body(body);
            SerializeType type = random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ;
            ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, type, FRAME_MAX);
            all.writeBytes(frame);
            frame.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int at = random.nextInt(Math.min(bytes.length, 8));
                bytes[at] = (byte) random.nextInt(256);
            }
            case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                // Replace the first frame's header with random bytes but keep the lengths.
                for (int i = 8; i < Math.min(bytes.length, 64); i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
            }
            case 4 -> {
                bytes = new byte[random.nextInt(2 * CHUNK_MAX)];
                random.nextBytes(bytes);
            }
            default -> {
                // Unchanged: all frames must decode.
            }
        }
        return bytes;
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            int kind = random.nextInt(10);
            sb.append(
                    kind == 0
                            ? (char) random.nextInt(0x20)
                            : kind == 1 ? (char) (0x4e00 + random.nextInt(500)) : (char) (' ' + random.nextInt(95)));
        }
        return sb.toString();
    }
}
