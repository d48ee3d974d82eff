package dev.skiff.auth.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One thread's HmacSHA1 instances, each keyed once with one secret: a check of a request signed by
 * a user this thread has seen before pays no key set-up (key bytes, inner and outer pads, the
 * first block), only the MAC of the content. At most {@value #SECRETS_MAX} secrets per thread,
 * least recently used evicted; an evicted instance is re-keyed for the new secret instead of a new
 * one being made. A {@code Mac} is reset to its keyed state by {@code doFinal}, so an instance
 * taken from here is always ready for a fresh content.
 *
 * <p>Not thread-safe: one per thread (see {@link SignatureScratch}).
 */
final class KeyedMacs {
    static final String HMAC = "HmacSHA1";
    static final int SECRETS_MAX = 64;

    private final Map<String, Mac> bySecret = new LinkedHashMap<>(16, 0.75f, true);

    /** The instance keyed with {@code secret}, ready for {@code update}. */
    Mac keyed(String secret) {
        Mac mac = bySecret.get(secret);
        if (mac != null) {
            return mac;
        }
        mac = bySecret.size() >= SECRETS_MAX ? evictEldest() : newMac();
        init(mac, secret);
        bySecret.put(secret, mac);
        return mac;
    }

    int size() {
        return bySecret.size();
    }

    private Mac evictEldest() {
        var eldest = bySecret.entrySet().iterator();
        Mac mac = eldest.next().getValue();
        eldest.remove();
        return mac;
    }

    static Mac newMac() {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available", e);
        }
    }

    static void init(Mac mac, String secret) {
        try {
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key " + HMAC, e);
        }
    }
}
