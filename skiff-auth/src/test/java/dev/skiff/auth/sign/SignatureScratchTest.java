package dev.skiff.auth.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
}
