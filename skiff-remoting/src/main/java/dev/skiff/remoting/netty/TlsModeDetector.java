package dev.skiff.remoting.netty;

import dev.skiff.remoting.TlsSettings;
import io.netty.buffer.ByteBuf;
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
 * 0x16         close (counted)  add TLS, then frames add TLS, then frames
 * other        frames           frames              close (counted)
 * </pre>
 *
 * 0x16 is the content type of a TLS handshake record, which every ClientHello starts with; a
 * remoting frame starts with the high byte of its 4-byte length, which is 0x16 only for a frame
 * of 352 MiB or more — far beyond the frame limit (16 MiB by default), so the two are not confused.
 */
final class TlsModeDetector extends ByteToMessageDecoder {
    static final byte TLS_HANDSHAKE_RECORD = 0x16;

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
            ctx.close();
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
