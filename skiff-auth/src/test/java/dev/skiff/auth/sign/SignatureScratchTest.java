package dev.skiff.auth.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

class SignatureScratchTest {

    /** Characters that exercise every UTF-8 length and both kinds of lone surrogate. */
    private static final char[] ALPHABET = {
        'a', 'Z', '0', '\u0001', '\u00e9', '\u07ff', '\u0800', '\u4e2d', '\uffff', '\ud83d', '\ude00', '\udbff',
        '\udc00'
    };

    private static String randomText(Random random, int maxChars) {
        char[] text = new char[random.nextInt(maxChars + 1)];
        for (int i = 0; i < text.length; i++) {
            text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(text);
    }

    @Test
    void utf8WriterGivesTheBytesOfTheConcatenation() {
        Random random = new Random(7);
        Utf8Writer writer = new Utf8Writer(4, 64);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder joined = new StringBuilder();
            int parts = random.nextInt(5);
            for (int p = 0; p < parts; p++) {
                String part = randomText(random, 12);
                joined.append(part);
                writer.append(part);
            }
            writer.append(null);
            writer.finish();
            byte[] expected = joined.toString().getBytes(StandardCharsets.UTF_8);
            byte[] actual = java.util.Arrays.copyOf(writer.bytes(), writer.length());
            assertThat(actual).as("text %s", joined).isEqualTo(expected);
            writer.reset();
        }
    }

    @Test
    void aGrownBufferIsDroppedOnReset() {
        Utf8Writer writer = new Utf8Writer(8, 64);
        writer.append("x".repeat(1_000));
        assertThat(writer.bytes().length).isGreaterThanOrEqualTo(1_000);
        writer.reset();
        assertThat(writer.bytes()).hasSize(8);
        assertThat(writer.length()).isZero();
    }

    @Test
    void theDirectVerifyMatchesTheContentFormForRandomFieldsAndManyFields() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            Map<String, String> fields = new HashMap<>();
            int n = round % 10 == 0 ? SignatureScratch.FIELDS_SORTED_MAX + 5 : random.nextInt(16);
            for (int i = 0; i < n; i++) {
                fields.put(randomText(random, 3) + i, random.nextInt(10) == 0 ? null : randomText(random, 20));
            }
            fields.put("_UNIQUE_KEY_QUERY", "q");
            byte[] body = random.nextBoolean() ? null : randomText(random, 50).getBytes(StandardCharsets.UTF_8);
            int version = random.nextBoolean() ? 399 : 479;
            String secret = "secret-" + random.nextInt(3);
            String signature = AclSigner.sign(AclSigner.content(fields, body, version), secret);
            fields.put(AclSigner.SIGNATURE, signature);
            assertThat(AclSigner.verify(fields, body, version, secret, signature))
                    .isTrue();
            assertThat(AclSigner.verify(fields, body, version, secret + "x", signature))
                    .isFalse();
            assertThat(AclSigner.verify(fields, body, version == 399 ? 479 : 399, secret, signature))
                    .isFalse();
            assertThat(AclSigner.verify(fields, body, version, secret, signature.substring(1)))
                    .isFalse();
        }
    }

    @Test
    void constantTimeCompareNeedsEveryCharacterAndTheLength() {
        byte[] expected = "VAs5G0Hyk7wmcmCZZPt/5Ookrr8=".getBytes(StandardCharsets.US_ASCII);
        assertThat(SignatureScratch.constantTimeEquals(expected, "VAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isTrue();
        assertThat(SignatureScratch.constantTimeEquals(expected, "VAs5G0Hyk7wmcmCZZPt/5Ookrr8"))
                .isFalse();
        assertThat(SignatureScratch.constantTimeEquals(expected, "VAs5G0Hyk7wmcmCZZPt/5Ookrr8=="))
                .isFalse();
        assertThat(SignatureScratch.constantTimeEquals(expected, "WAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isFalse();
        assertThat(SignatureScratch.constantTimeEquals(expected, null)).isFalse();
        assertThat(SignatureScratch.constantTimeEquals(expected, "")).isFalse();
    }

    @Test
    void keyedMacsAreBoundedAndReKeyedOnEviction() throws Exception {
        KeyedMacs macs = new KeyedMacs();
        byte[] content = "content".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < KeyedMacs.SECRETS_MAX * 3; i++) {
            String secret = "s" + i;
            Mac reference = KeyedMacs.newMac();
            KeyedMacs.init(reference, secret);
            assertThat(macs.keyed(secret).doFinal(content)).isEqualTo(reference.doFinal(content));
            assertThat(macs.size()).isLessThanOrEqualTo(KeyedMacs.SECRETS_MAX);
        }
        Mac first = macs.keyed("again");
        first.update((byte) 1); // a MAC left half-fed is not what the next check sees ...
        first.doFinal(); // ... because every use ends in doFinal, which resets it
        Mac reference = KeyedMacs.newMac();
        KeyedMacs.init(reference, "again");
        assertThat(macs.keyed("again")).isSameAs(first);
        assertThat(macs.keyed("again").doFinal(content)).isEqualTo(reference.doFinal(content));
    }

    private static final SignatureScratch.FieldFilter NEW_PEER = name -> AclSigner.SIGNATURE.equals(name);
    private static final SignatureScratch.FieldFilter OLD_PEER =
            name -> AclSigner.SIGNATURE.equals(name) || AclSigner.UNIQUE_KEY_QUERY.equals(name);

    /** Signs {@code fields} (in their own iteration order) and checks both the right and a wrong signature. */
    private static void assertChecks(SignatureScratch scratch, Map<String, String> fields, byte[] body, int version) {
        SignatureScratch.FieldFilter skip = version <= AclSigner.OLD_UNIQUE_KEY_VERSION_MAX ? OLD_PEER : NEW_PEER;
        String signature = AclSigner.sign(AclSigner.content(fields, body, version), "secret");
        fields.put(AclSigner.SIGNATURE, signature);
        assertThat(scratch.verify(fields, skip, body, "secret", signature))
                .as("%s v%d", fields, version)
                .isTrue();
        String wrong = AclSigner.sign(AclSigner.content(Map.of("x", "y"), body, version), "secret");
        assertThat(scratch.verify(fields, skip, body, "secret", wrong)).isFalse();
        fields.remove(AclSigner.SIGNATURE);
    }

    private static Map<String, String> sendHeader(List<String> names, int seq) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            fields.put(name, name + "-" + seq);
        }
        return fields;
    }

    @Test
    void requestsWithTheSameFieldsReuseTheOrderAndStillCheckTheirOwnValues() {
        SignatureScratch scratch = new SignatureScratch();
        List<String> names = List.of("b", "AccessKey", "g", "a", "i", "e", "n", "f", "d", "c", "h");
        for (int seq = 0; seq < 100; seq++) {
            assertChecks(scratch, sendHeader(names, seq), new byte[] {(byte) seq}, 479);
        }
        assertThat(scratch.sorts()).isEqualTo(1); // the shape was sorted once, not per request
    }

    @Test
    void aChangeOfNamesOrderCountOrFilterSortsAgain() {
        SignatureScratch scratch = new SignatureScratch();
        List<String> names = List.of("b", "AccessKey", "g", "a", "i");
        assertChecks(scratch, sendHeader(names, 1), null, 479);
        // same names, another iteration order
        assertChecks(scratch, sendHeader(List.of("AccessKey", "b", "i", "a", "g"), 2), null, 479);
        // same count, one name replaced (sorts elsewhere)
        assertChecks(scratch, sendHeader(List.of("AccessKey", "b", "i", "a", "0"), 3), null, 479);
        // a name more, then a name fewer (the shorter one is a prefix of the last order)
        assertChecks(scratch, sendHeader(List.of("AccessKey", "b", "i", "a", "0", "z"), 4), null, 479);
        assertChecks(scratch, sendHeader(List.of("AccessKey", "b", "i", "a", "0"), 5), null, 479);
        // an old peer's request leaves _UNIQUE_KEY_QUERY out; a new peer's signs it
        List<String> withQuery = List.of("AccessKey", "_UNIQUE_KEY_QUERY", "b");
        assertChecks(scratch, sendHeader(withQuery, 6), null, 399);
        assertChecks(scratch, sendHeader(withQuery, 7), null, 479);
        assertChecks(scratch, sendHeader(withQuery, 8), null, 399);
        assertThat(scratch.sorts()).isEqualTo(8);
        assertChecks(scratch, sendHeader(withQuery, 9), null, 399);
        assertThat(scratch.sorts()).isEqualTo(8);
    }
}
