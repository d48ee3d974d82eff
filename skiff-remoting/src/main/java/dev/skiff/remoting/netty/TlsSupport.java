package dev.skiff.remoting.netty;

import dev.skiff.remoting.TlsSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds SSL contexts from {@link TlsSettings}. A mode that cannot be honoured (no key material for
 * a server, unreadable files) fails at start with a message that says why, never silently.
 */
final class TlsSupport {
    static final String SSL_HANDLER = "ssl";
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private TlsSupport() {}

    /** The server's context, or {@code null} when TLS is disabled. */
    static SslContext serverContext(TlsSettings tls) {
        if (tls.mode() == TlsSettings.Mode.DISABLED) {
            return null;
        }
        if (tls.certificateChain() == null) {
            throw new IllegalStateException("TLS mode " + tls.mode()
                    + " needs certificateChain and privateKey (PEM paths); none given in TlsSettings");
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(
                    readable(tls.certificateChain(), "certificateChain"), readable(tls.privateKey(), "privateKey"));
            if (tls.trustedCertificates() != null) {
                builder.trustManager(readable(tls.trustedCertificates(), "trustedCertificates"));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the server TLS context: " + e.getMessage(), e);
        }
    }

    /** The client's context, or {@code null} when TLS is disabled. */
    static SslContext clientContext(TlsSettings tls) {
        if (tls.mode() == TlsSettings.Mode.DISABLED) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (tls.trustedCertificates() != null) {
                builder.trustManager(readable(tls.trustedCertificates(), "trustedCertificates"));
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            if (tls.certificateChain() != null) {
                builder.keyManager(
                        readable(tls.certificateChain(), "certificateChain"), readable(tls.privateKey(), "privateKey"));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the client TLS context: " + e.getMessage(), e);
        }
    }

    private static File readable(Path path, String what) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("TLS " + what + " file is not readable: " + path);
        }
        return path.toFile();
    }

    /** Installs TLS on a server connection: always (enforcing) or when the first byte is 0x16. */
    static void installServer(ChannelPipeline pipeline, SslContext context, TlsSettings.Mode mode) {
        if (context == null) {
            return;
        }
        if (mode == TlsSettings.Mode.ENFORCING) {
            pipeline.addFirst(SSL_HANDLER, context.newHandler(pipeline.channel().alloc()));
        } else {
            pipeline.addFirst("tls-detector", new Detector(context));
        }
    }

    /** Permissive mode: a ClientHello starts with a handshake record (0x16); anything else is plain. */
    private static final class Detector extends ByteToMessageDecoder {
        private final SslContext context;

        Detector(SslContext context) {
            this.context = context;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!in.isReadable()) {
                return;
            }
            if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
                ctx.pipeline().addAfter(ctx.name(), SSL_HANDLER, context.newHandler(ctx.alloc()));
            }
            ctx.pipeline().remove(this);
        }
    }
}
