package dev.skiff.auth.sign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request signature of the official ACL ({@code AclClientRPCHook} on the client side):
 *
 * <pre>
 *   content   = UTF-8( concat of the VALUES of all ext fields except "Signature",
 *                      ordered by field name in String order (case-sensitive, no separators) )
 *               ++ body bytes (when the body is not empty)
 *   Signature = Base64( HmacSHA1( key = UTF-8(secret), content ) )   standard alphabet, padded
 * </pre>
 *
 * The access key travels as ext field {@code AccessKey} and is part of the content. On a request
 * from a peer of version ≤ 399 (4.9.3 and older) the field {@code _UNIQUE_KEY_QUERY} is left out
 * of the content, as the official server does. Code, opaque, flag, version, language and remark are
 * not signed: a replay of a signed request with a changed body or header value fails; a replay of
 * the same request passes (the official protocol has no nonce).
 */
public final class AclSigner {
    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** The last peer version (4.9.3) whose signature does not cover {@code _UNIQUE_KEY_QUERY}. */
    static final int OLD_UNIQUE_KEY_VERSION_MAX = 399;

    private AclSigner() {}

    /** The signed content of a request with these ext fields and body, as a server rebuilds it. */
    public static byte[] content(Map<String, String> extFields, byte[] body, int peerVersion) {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (extFields != null) {
            for (Map.Entry<String, String> field : extFields.entrySet()) {
                String key = field.getKey();
                if (SIGNATURE.equals(key)) {
                    continue;
                }
                if (peerVersion <= OLD_UNIQUE_KEY_VERSION_MAX && UNIQUE_KEY_QUERY.equals(key)) {
                    continue;
                }
                sorted.put(key, field.getValue());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String value : sorted.values()) {
            if (value != null) {
                text.append(value);
            }
        }
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return head;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Base64 of HmacSHA1 of {@code content} under {@code secret}. */
    public static String sign(byte[] content, String secret) {
        return Base64.getEncoder().encodeToString(hmac(content, secret));
    }

    /** The raw HmacSHA1 of {@code content} under {@code secret}. */
    public static byte[] hmac(byte[] content, String secret) {
        return SignatureScratch.get().macs.keyed(secret).doFinal(content);
    }

    /**
     * Whether {@code signature} (as received) is the signature of a request with these ext fields
     * and body under {@code secret}, compared in constant time. The same result as {@link
     * #verify(byte[], String, String)} over {@link #content}, without building the content: the
     * field values are encoded into a per-thread buffer and go with the body straight into a MAC
     * this thread keeps keyed for {@code secret} (the server's hot path; allocates nothing per
     * request once the thread has seen the secret; see {@link SignatureScratch}).
     */
    public static boolean verify(
            Map<String, String> extFields, byte[] body, int peerVersion, String secret, String signature) {
        SignatureScratch.FieldFilter skip =
                peerVersion <= OLD_UNIQUE_KEY_VERSION_MAX ? AclSigner::notSignedByOldPeers : AclSigner::notSigned;
        return SignatureScratch.get().verify(extFields, skip, body, secret, signature);
    }

    /**
     * The {@code Signature} value of a request with these ext fields and body under {@code secret}
     * (its own {@code Signature} field, if any, is left out): {@link #sign} over {@link #content} for
     * a current peer, computed without building the content (see {@link SignatureScratch}).
     */
    public static String signature(Map<String, String> extFields, byte[] body, String secret) {
        return SignatureScratch.get().sign(extFields, AclSigner::notSigned, body, secret);
    }

    private static boolean notSigned(String name) {
        return SIGNATURE.equals(name);
    }

    private static boolean notSignedByOldPeers(String name) {
        return SIGNATURE.equals(name) || UNIQUE_KEY_QUERY.equals(name);
    }

    /**
     * Whether {@code signature} (as received) is the signature of {@code content} under
     * {@code secret}, compared in constant time.
     */
    public static boolean verify(byte[] content, String secret, String signature) {
        byte[] expected = sign(content, secret).getBytes(StandardCharsets.UTF_8);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
