package dev.skiff.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.ManualClock;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The partial-frame budget and the frame deadline of {@link FrameDecoder}, without sockets: the
 * manual clock and the embedded event loop's frozen time move together.
 */
class FrameLimitsDecoderTest {
    private static final int FRAME_MAX = 64 * 1024;
    private static final long DEADLINE_MS = 1_000;

    private final ManualClock clock = new ManualClock(0);
    private final LongAdder malformed = new LongAdder();

    private FrameLimits limits(long budgetBytes) {
        return new FrameLimits(FRAME_MAX, budgetBytes, DEADLINE_MS, clock, malformed);
    }

    private static EmbeddedChannel channel(FrameLimits limits) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(limits));
        ch.freezeTime();
        return ch;
    }

    private void advance(EmbeddedChannel ch, long ms) {
        clock.advanceMs(ms);
        ch.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    /** The bytes of a request frame with a body of {@code bodyBytes}. */
    private static byte[] frame(int bodyBytes) {
        RemotingCommand cmd = RemotingCommand.request(10).body(new byte[bodyBytes]);
        ByteBuf buf = FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, SerializeType.JSON, FRAME_MAX);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static void write(EmbeddedChannel ch, byte[] bytes, int from, int to) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, to - from));
    }

    private static void assertOneCommand(EmbeddedChannel ch, int bodyBytes) {
        RemotingCommand cmd = ch.readInbound();
        assertThat(cmd).isNotNull();
        assertThat(cmd.body()).hasSize(bodyBytes);
    }

    @Test
    void aPartialFrameReservesItsSizeUntilItCompletes() {
        FrameLimits limits = limits(FRAME_MAX);
        EmbeddedChannel ch = channel(limits);
        byte[] bytes = frame(1_000);
        write(ch, bytes, 0, 3); // the length is not known yet: nothing reserved
        assertThat(limits.partialFrameBytes()).isZero();
        write(ch, bytes, 3, 500);
        assertThat(limits.partialFrameBytes()).isEqualTo(bytes.length);
        write(ch, bytes, 500, bytes.length);
        assertOneCommand(ch, 1_000);
        assertThat(limits.partialFrameBytes()).isZero();
        // Whole frames in one read never touch the budget.
        write(ch, bytes, 0, bytes.length);
        assertOneCommand(ch, 1_000);
        assertThat(limits.partialFrameBytes()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aPartialFramePastTheSharedBudgetClosesOnlyItsConnection() {
        FrameLimits limits = limits(FRAME_MAX + 100); // one large frame fits, not two
        byte[] big = frame(FRAME_MAX - 1_000);
        EmbeddedChannel first = channel(limits);
        EmbeddedChannel second = channel(limits);
        write(first, big, 0, 1_000);
        assertThat(limits.partialFrameBytes()).isEqualTo(big.length);
        write(second, big, 0, 1_000);
        assertThat(second.isActive()).isFalse();
        assertThat(limits.partialFramesRefused()).isEqualTo(1);
        assertThat(limits.partialFrameBytes()).isEqualTo(big.length);
        assertThat(first.isActive()).isTrue();
        write(first, big, 1_000, big.length);
        assertOneCommand(first, FRAME_MAX - 1_000);
        assertThat(limits.partialFrameBytes()).isZero();
        // The budget is free again for a third connection; a closed connection gives its share back.
        EmbeddedChannel third = channel(limits);
        write(third, big, 0, 1_000);
        assertThat(third.isActive()).isTrue();
        assertThat(limits.partialFrameBytes()).isEqualTo(big.length);
        third.close();
        assertThat(limits.partialFrameBytes()).isZero();
        assertThat(malformed.sum()).isZero();
    }

    @Test
    void aFrameMustCompleteWithinTheDeadlineOfItsFirstByte() {
        FrameLimits limits = limits(FRAME_MAX);
        EmbeddedChannel ch = channel(limits);
        byte[] bytes = frame(100);
        write(ch, bytes, 0, 2);
        advance(ch, DEADLINE_MS - 1);
        assertThat(ch.isActive()).isTrue();
        write(ch, bytes, 2, bytes.length);
        assertOneCommand(ch, 100);

        // Idle between frames is not a frame in progress: the deadline does not run.
        advance(ch, 5 * DEADLINE_MS);
        assertThat(ch.isActive()).isTrue();

        // The next frame starts; the check armed for the first one must not count from then.
        write(ch, bytes, 0, 50);
        advance(ch, DEADLINE_MS / 2);
        write(ch, bytes, 50, 60); // progress does not reset the deadline
        advance(ch, DEADLINE_MS / 2 - 1);
        assertThat(ch.isActive()).isTrue();
        advance(ch, 1);
        assertThat(ch.isActive()).isFalse();
        assertThat(limits.framesExpired()).isEqualTo(1);
        assertThat(limits.partialFrameBytes()).isZero();
        assertThat(malformed.sum()).isZero();
    }

    @Test
    void aCheckArmedForAnEarlierFrameWaitsForTheLaterFramesOwnDeadline() {
        FrameLimits limits = limits(FRAME_MAX);
        EmbeddedChannel ch = channel(limits);
        byte[] bytes = frame(100);
        write(ch, bytes, 0, 10); // frame 1 starts at 0: a check is armed for 1000
        advance(ch, 900);
        write(ch, bytes, 10, bytes.length);
        assertOneCommand(ch, 100);
        write(ch, bytes, 0, 10); // frame 2 starts at 900: its deadline is 1900
        advance(ch, 200); // 1100: the armed check finds frame 2 young and re-arms
        assertThat(ch.isActive()).isTrue();
        advance(ch, 799); // 1899
        assertThat(ch.isActive()).isTrue();
        advance(ch, 1); // 1900
        assertThat(ch.isActive()).isFalse();
        assertThat(limits.framesExpired()).isEqualTo(1);
    }
}
