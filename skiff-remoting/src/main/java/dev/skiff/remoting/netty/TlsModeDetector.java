package dev.skiff.remoting.netty;

import dev.skiff.remoting.TlsSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/**
 * The first handler of every server connection: it looks at the first byte the peer sends,
 * without consuming it, and then removes itself.
 *
 * <pre>
 * first byte   disabled        permissive          enforcing
 * 0x16         alert + close    add TLS, then frames add TLS, then frames
 *              (counted)
 * other        frames           frames              close (counted)
 * </pre>
 *
 * 0x16 is the content type of a TLS handshake record, which every ClientHello starts with; a
 * remoting frame starts with the high byte of its 4-byte length, which is 0x16 only for a frame
 * of 352 MiB or more — far beyond the frame limit (16 MiB by default), so the two are not confused.
 *
 * <p>A refused handshake (TLS disabled) is answered with a fatal {@code handshake_failure} alert
 * before the close: a TLS client then fails at once with a handshake error rather than at its
 * request timeout.
 */
final class TlsModeDetector extends ByteToMessageDecoder {
    static final byte TLS_HANDSHAKE_RECORD = 0x16;

    /**
     * A plaintext TLS alert record: content type 21 (alert), version 3.3, length 2, level 2
     * (fatal), description 40 (handshake_failure).
     */
    private static final byte[] HANDSHAKE_FAILURE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private final SslContext context;
    private final TlsSettings.Mode mode;
    private final TlsRefusals refusals;

    TlsModeDetector(SslContext context, TlsSettings.Mode mode, TlsRefusals refusals) {
        this.context = context;
        this.mode = mode;
        this.refusals = refusals;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        boolean handshake = in.getByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD;
        if (handshake && context == null) {
            refusals.tlsRefused(ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            // answer the ClientHello with a fatal alert, so the client's TLS layer fails at once
            // with an SSLHandshakeException instead of its request timing out on a silent close
            ctx.writeAndFlush(Unpooled.wrappedBuffer(HANDSHAKE_FAILURE_ALERT)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!handshake && mode == TlsSettings.Mode.ENFORCING) {
            refusals.plainRefused(ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (handshake) {
            refusals.tlsAccepted();
            ctx.pipeline().addAfter(ctx.name(), TlsSupport.SSL_HANDLER, context.newHandler(ctx.alloc()));
        }
        // Removing a ByteToMessageDecoder hands the bytes it holds to the next handler.
        ctx.pipeline().remove(this);
    }
}
