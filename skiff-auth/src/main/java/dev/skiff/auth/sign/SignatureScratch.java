package dev.skiff.auth.sign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * One thread's working memory for checking signatures without allocating per request: the keyed
 * MACs ({@link KeyedMacs}), the ext-field names and values in signing order, the UTF-8 bytes of the
 * values, and the raw and Base64 MAC.
 *
 * <p>The signed text is the values of the ext fields ordered by name (see {@link AclSigner}). A
 * request of one code carries the same few fields every time, so the names are copied into a
 * reused array and their order is sorted by insertion (no allocation; up to {@value
 * #FIELDS_SORTED_MAX} fields, above that a request is sorted the allocating way). The order is
 * kept: when the next request's map yields the same names in the same iteration order (the usual
 * case: a producer's sends all carry the same header fields, and a map of the same keys iterates
 * them alike), the check compares the names with the last ones instead of sorting again (about
 * n equality checks of short, mostly identical strings instead of n²/4 comparisons; sorting was
 * the largest part of a send's check after the MAC itself). The values are encoded as UTF-8 straight
 * into a reused byte buffer ({@link Utf8Writer}), the same bytes as {@code
 * String.getBytes(UTF_8)} of their concatenation. Buffers that grew past {@value
 * #BYTES_KEEP_MAX} bytes for one unusual request are dropped after it.
 *
 * <p>Not thread-safe: one per thread.
 */
final class SignatureScratch {
    static final int FIELDS_SORTED_MAX = 64;
    static final int BYTES_KEEP_MAX = 16 * 1024;
    static final int MAC_BYTES = 20;
    static final int SIGNATURE_CHARS = 28;

    private static final ThreadLocal<SignatureScratch> PER_THREAD = ThreadLocal.withInitial(SignatureScratch::new);

    final KeyedMacs macs = new KeyedMacs();
    /** The signed names of the last request, in its map's iteration order (kept to recognise the next one). */
    private final String[] names = new String[FIELDS_SORTED_MAX];
    /** The values of the request being checked, in the same order as {@link #names}; cleared after it. */
    private final String[] values = new String[FIELDS_SORTED_MAX];
    /** {@code byRank[r]} is the position in {@link #names} of the name that sorts r-th. */
    private final int[] byRank = new int[FIELDS_SORTED_MAX];
    /** How many names {@link #byRank} orders; -1 before the first request. */
    private int orderCount = -1;
    /** The filter {@link #byRank} was computed under (a request of an old peer signs one field less). */
    private FieldFilter orderSkip;
    /** How many times the order was sorted (a request whose names differ from the last one's). */
    private long sorts;

    private final Utf8Writer text = new Utf8Writer(512, BYTES_KEEP_MAX);
    private final byte[] raw = new byte[MAC_BYTES];
    private final byte[] base64 = new byte[SIGNATURE_CHARS];

    static SignatureScratch get() {
        return PER_THREAD.get();
    }

    /**
     * Whether {@code signature} is the Base64 HmacSHA1 under {@code secret} of the values of
     * {@code extFields} (except those {@code skip} names) in name order, followed by {@code body}.
     */
    boolean verify(Map<String, String> extFields, FieldFilter skip, byte[] body, String secret, String signature) {
        encodeMac(extFields, skip, body, secret);
        return constantTimeEquals(base64, signature);
    }

    /**
     * The Base64 HmacSHA1 under {@code secret} of the values of {@code extFields} (except those
     * {@code skip} names) in name order, followed by {@code body}: the signature {@link #verify}
     * accepts, computed the same way (a signer and the checker hash exactly the same bytes).
     */
    String sign(Map<String, String> extFields, FieldFilter skip, byte[] body, String secret) {
        encodeMac(extFields, skip, body, secret);
        return new String(base64, StandardCharsets.ISO_8859_1);
    }

    /** Leaves the Base64 of the MAC in {@link #base64}. */
    private void encodeMac(Map<String, String> extFields, FieldFilter skip, byte[] body, String secret) {
        Mac mac = macs.keyed(secret);
        if (extFields != null && !extFields.isEmpty()) {
            writeValues(extFields, skip);
            text.finish();
            mac.update(text.bytes(), 0, text.length());
            text.reset();
        }
        if (body != null && body.length > 0) {
            mac.update(body);
        }
        try {
            mac.doFinal(raw, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HmacSHA1 is " + mac.getMacLength() + " bytes", e);
        }
        Base64.getEncoder().encode(raw, base64);
    }

    private void writeValues(Map<String, String> extFields, FieldFilter skip) {
        if (extFields.size() > FIELDS_SORTED_MAX) {
            for (Map.Entry<String, String> field : new TreeMap<>(extFields).entrySet()) {
                if (!skip.skips(field.getKey())) {
                    text.append(field.getValue());
                }
            }
            return;
        }
        int n = 0;
        boolean sameNames = skip == orderSkip;
        for (Map.Entry<String, String> field : extFields.entrySet()) {
            String name = field.getKey();
            if (skip.skips(name)) {
                continue;
            }
            sameNames = sameNames && n < orderCount && name.equals(names[n]);
            names[n] = name;
            values[n] = field.getValue();
            n++;
        }
        if (!sameNames || n != orderCount) {
            sortOrder(n);
            orderSkip = skip;
        }
        for (int rank = 0; rank < n; rank++) {
            text.append(values[byRank[rank]]);
        }
        Arrays.fill(values, 0, n, null);
    }

    /**
     * Sorts the first {@code n} names into {@link #byRank} (rank in name order to position in
     * {@link #names}) by insertion, and remembers {@code n}: the next request whose map yields the
     * same names in the same order reuses it. Names past {@code n} are cleared.
     */
    private void sortOrder(int n) {
        for (int i = 0; i < n; i++) {
            int at = i;
            while (at > 0 && names[byRank[at - 1]].compareTo(names[i]) > 0) {
                byRank[at] = byRank[at - 1];
                at--;
            }
            byRank[at] = i;
        }
        if (orderCount > n) {
            Arrays.fill(names, n, orderCount, null);
        }
        orderCount = n;
        sorts++;
    }

    long sorts() {
        return sorts;
    }

    /** Compares every byte of {@code expected} whatever the given text, so the time says nothing. */
    static boolean constantTimeEquals(byte[] expected, String given) {
        int givenLength = given == null ? 0 : given.length();
        int diff = expected.length ^ givenLength;
        for (int i = 0; i < expected.length; i++) {
            int c = i < givenLength ? given.charAt(i) : 0;
            diff |= (expected[i] & 0xFF) ^ c;
        }
        return diff == 0;
    }

    /** Names of ext fields that are not part of the signed text. */
    @FunctionalInterface
    interface FieldFilter {
        boolean skips(String name);
    }
}
