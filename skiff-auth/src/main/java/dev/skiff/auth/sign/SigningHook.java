package dev.skiff.auth.sign;

import dev.skiff.remoting.RpcHook;
import dev.skiff.remoting.protocol.RemotingCommand;

/**
 * Signs every request a Skiff client sends (the broker's registrations with name servers, a
 * slave's copies from its master) with fixed credentials, the way the official
 * {@code AclClientRPCHook} does: adds {@code AccessKey}, then {@code Signature} over all ext fields
 * and the body (see {@link AclSigner}).
 */
public final class SigningHook implements RpcHook {
    private final Credentials credentials;

    public SigningHook(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void beforeRequest(String remoteAddress, RemotingCommand request) {
        request.putExtField(AclSigner.ACCESS_KEY, credentials.accessKey());
        request.ensureExtFields().remove(AclSigner.SIGNATURE);
        request.putExtField(
                AclSigner.SIGNATURE,
                AclSigner.signature(request.extFields(), bodyBytes(request), credentials.secretKey()));
    }

    private static byte[] bodyBytes(RemotingCommand request) {
        if (request.body() != null) {
            return request.body();
        }
        if (request.bodyBuf() != null) {
            io.netty.buffer.ByteBuf buf = request.bodyBuf();
            byte[] copy = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), copy);
            return copy;
        }
        return null;
    }
}
