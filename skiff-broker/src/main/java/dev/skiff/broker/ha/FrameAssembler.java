package dev.skiff.broker.ha;

import java.nio.ByteBuffer;

/**
 * Gathers one {@link TransferFrame} at a time from reads of any length, so a read cut short (a
 * socket timeout, a frame split over packets) loses nothing: read at most {@link #want()} bytes
 * into {@link #buffer()} at {@link #position()}, then {@link #advance}. The header is checked as
 * soon as it is complete: a body size outside 0..{@code bodyMaxBytes} is refused before the body
 * is read. The buffer is allocated once.
 */
final class FrameAssembler {
    private final byte[] buf;
    private final int bodyMaxBytes;
    private int pos;
    private int frameBytes = TransferFrame.HEADER_BYTES;

    FrameAssembler(int bodyMaxBytes) {
        this.bodyMaxBytes = bodyMaxBytes;
        this.buf = new byte[TransferFrame.HEADER_BYTES + bodyMaxBytes];
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    /** Bytes still missing from the current frame (header first). */
    int want() {
        return frameBytes - pos;
    }

    /**
     * Takes {@code n} bytes just read; returns true when a whole frame is ready (read it, then
     * {@link #reset()}). Throws {@link IllegalStateException} for a body size out of range.
     */
    boolean advance(int n) {
        pos += n;
        if (pos == TransferFrame.HEADER_BYTES && frameBytes == TransferFrame.HEADER_BYTES) {
            int body = TransferFrame.headerBodyBytes(buf);
            if (body < 0 || body > bodyMaxBytes) {
                throw new IllegalStateException(
                        "transfer frame announces a body of " + body + " bytes, outside 0.." + bodyMaxBytes);
            }
            frameBytes = TransferFrame.HEADER_BYTES + body;
        }
        return pos == frameBytes && pos >= TransferFrame.HEADER_BYTES;
    }

    long offset() {
        return TransferFrame.headerOffset(buf);
    }

    /** The ready frame's body (a view of the buffer, valid until {@link #reset()}). */
    ByteBuffer body() {
        return ByteBuffer.wrap(buf, TransferFrame.HEADER_BYTES, frameBytes - TransferFrame.HEADER_BYTES);
    }

    void reset() {
        pos = 0;
        frameBytes = TransferFrame.HEADER_BYTES;
    }
}
