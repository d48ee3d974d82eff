package dev.skiff.auth.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclSignerTest {

    /** Vectors computed with the official AclClientRPCHook (protocol sheet §9). */
    @Test
    void matchesTheOfficialHookVectors() {
        Map<String, String> fields = new HashMap<>(Map.of("AccessKey", "myAK", "consumerGroup", "cg"));
        byte[] content = AclSigner.content(fields, null, 479);
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("myAKcg");
        assertThat(AclSigner.sign(content, "mySK")).isEqualTo("VAs5G0Hyk7wmcmCZZPt/5Ookrr8=");

        byte[] body = "{\"clientID\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBody = AclSigner.content(Map.of("AccessKey", "myAK"), body, 479);
        assertThat(AclSigner.sign(withBody, "mySK")).isEqualTo("BnheVYn0FjFbOtWoSre3AU0bnNE=");
    }

    @Test
    void theDirectVerifyAgreesWithTheContentForm() {
        Map<String, String> fields =
                new HashMap<>(Map.of("AccessKey", "myAK", "consumerGroup", "cg", "_UNIQUE_KEY_QUERY", "x"));
        byte[] body = "{\"clientID\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        for (int version : new int[] {399, 479}) {
            String signature = AclSigner.sign(AclSigner.content(fields, body, version), "mySK");
            fields.put("Signature", signature);
            assertThat(AclSigner.verify(fields, body, version, "mySK", signature))
                    .isTrue();
            assertThat(AclSigner.verify(fields, new byte[] {1}, version, "mySK", signature))
                    .isFalse();
            assertThat(AclSigner.verify(fields, body, version, "other", signature))
                    .isFalse();
            fields.remove("Signature");
        }
        assertThat(AclSigner.verify(
                        Map.of("AccessKey", "myAK", "consumerGroup", "cg"),
                        null,
                        479,
                        "mySK",
                        "VAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isTrue();
    }

    @Test
    void contentSortsByNameCaseSensitivelyAndSkipsTheSignature() {
        Map<String, String> fields = Map.of("b", "2", "A", "1", "a", "3", "Signature", "ignored");
        assertThat(new String(AclSigner.content(fields, new byte[0], 479), StandardCharsets.UTF_8))
                .isEqualTo("132"); // A, a, b
    }

    @Test
    void oldPeersDoNotSignTheUniqueKeyQueryField() {
        Map<String, String> fields = Map.of("AccessKey", "ak", "_UNIQUE_KEY_QUERY", "true");
        assertThat(new String(AclSigner.content(fields, null, 399), StandardCharsets.UTF_8))
                .isEqualTo("ak");
        assertThat(new String(AclSigner.content(fields, null, 400), StandardCharsets.UTF_8))
                .isEqualTo("aktrue");
    }

    @Test
    void verifyAcceptsOnlyTheExactSignature() {
        byte[] content = "myAKcg".getBytes(StandardCharsets.UTF_8);
        assertThat(AclSigner.verify(content, "mySK", "VAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isTrue();
        assertThat(AclSigner.verify(content, "mySK", "VAs5G0Hyk7wmcmCZZPt/5Ookrr9="))
                .isFalse();
        assertThat(AclSigner.verify(content, "other", "VAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isFalse();
        assertThat(AclSigner.verify(content, "mySK", null)).isFalse();
        assertThat(AclSigner.verify("myAKcx".getBytes(StandardCharsets.UTF_8), "mySK", "VAs5G0Hyk7wmcmCZZPt/5Ookrr8="))
                .isFalse();
    }

    @Test
    void theDirectSignatureIsTheSignatureOverTheContent() {
        byte[] body = "{\"clientID\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> plain = new HashMap<>(Map.of("AccessKey", "myAK", "consumerGroup", "cg"));
        assertThat(AclSigner.signature(plain, null, "mySK")).isEqualTo("VAs5G0Hyk7wmcmCZZPt/5Ookrr8=");
        assertThat(AclSigner.signature(Map.of("AccessKey", "myAK"), body, "mySK"))
                .isEqualTo("BnheVYn0FjFbOtWoSre3AU0bnNE=");
        // non-ASCII values, a null value, an old signature present, an empty body; then a second shape
        Map<String, String> mixed = new HashMap<>();
        mixed.put("AccessKey", "myAK");
        mixed.put("b", "Grüße 𝄞 \uD800x");
        mixed.put("a", null);
        mixed.put("Signature", "old");
        mixed.put("_UNIQUE_KEY_QUERY", "u");
        for (byte[] b : new byte[][] {null, new byte[0], body}) {
            String expected = AclSigner.sign(AclSigner.content(mixed, b, 479), "mySK");
            assertThat(AclSigner.signature(mixed, b, "mySK")).isEqualTo(expected);
            assertThat(AclSigner.verify(mixed, b, 479, "mySK", expected)).isTrue();
            assertThat(AclSigner.signature(plain, b, "mySK"))
                    .isEqualTo(AclSigner.sign(AclSigner.content(plain, b, 479), "mySK"));
        }
    }

    @Test
    void signingHookProducesWhatTheServerVerifies() {
        RemotingCommand request = RemotingCommand.request(38).putExtField("consumerGroup", "cg");
        new SigningHook(new Credentials("myAK", "mySK")).beforeRequest("127.0.0.1:1", request);
        assertThat(request.extField("AccessKey")).isEqualTo("myAK");
        assertThat(request.extField("Signature")).isEqualTo("VAs5G0Hyk7wmcmCZZPt/5Ookrr8=");
        // signing twice (a retried request) gives the same signature, not one over the old one
        new SigningHook(new Credentials("myAK", "mySK")).beforeRequest("127.0.0.1:1", request);
        assertThat(request.extField("Signature")).isEqualTo("VAs5G0Hyk7wmcmCZZPt/5Ookrr8=");
    }

    @Test
    void credentialsReadTheOfficialJsonAndNeverPrintTheSecret() {
        Credentials credentials = Credentials.parse("{\"accessKey\":\"rocketmq\",\"secretKey\":\"12345678\"}");
        assertThat(credentials.accessKey()).isEqualTo("rocketmq");
        assertThat(credentials.secretKey()).isEqualTo("12345678");
        assertThat(credentials.toString()).doesNotContain("12345678");
        assertThat(Credentials.parse("  ")).isNull();
        assertThatThrownBy(() -> Credentials.parse("{\"accessKey\":\"a\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> Credentials.parse("rocketmq:1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON");
    }
}
