package dev.skiff.common.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    /** The 115-byte example of protocol sheet §5.4. */
    static final String EXAMPLE_HEX = "00000073daa320a70000000000000001000000000000000000000005000000000000123400000000"
            + "0000018bcfe568000a0000020000c3500000018bcfe568640a00000100002a9f000000000000000000000000"
            + "0000000548656c6c6f09546f70696354657374000a5441475301546167410" + "2";

    @Test
    void propertiesRoundTripAndSkipMalformedPieces() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("KEYS", "k1 k2");
        m.put("TAGS", "TagA");
        m.put("NULL", null);
        String s = MessageProperties.encode(m);
        assertThat(s).isEqualTo("KEYS\u0001k1 k2\u0002TAGS\u0001TagA\u0002");
        assertThat(MessageProperties.decode(s))
                .containsExactlyInAnyOrderEntriesOf(Map.of("KEYS", "k1 k2", "TAGS", "TagA"));
        assertThat(MessageProperties.decode("\u0001x\u0002a\u0001\u0002ab\u0002k\u0001v"))
                .isEqualTo(Map.of("k", "v"));
        assertThat(MessageProperties.get(s, "TAGS")).isEqualTo("TagA");
        assertThat(MessageProperties.get(s, "TAG")).isNull();
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("a", "b\u0001")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesTheProtocolSheetExample() {
        ByteBuffer buf = ByteBuffer.wrap(HexFormat.of().parseHex(EXAMPLE_HEX));
        assertThat(RecordCheck.check(buf, 0, buf.limit(), null, 0x1234, 1 << 20))
                .isEqualTo(115);
        StoredMessage m = StoredRecordDecoder.decode(buf, 0);
        assertThat(m.storeSize()).isEqualTo(115);
        assertThat(m.queueId()).isEqualTo(1);
        assertThat(m.queueOffset()).isEqualTo(5);
        assertThat(m.physicalOffset()).isEqualTo(0x1234);
        assertThat(m.bornHost().toString()).isEqualTo("10.0.0.2:50000");
        assertThat(m.storeHost().toString()).isEqualTo("10.0.0.1:10911");
        assertThat(m.bornTimestampMs()).isEqualTo(0x18bcfe56800L);
        assertThat(m.storeTimestampMs()).isEqualTo(0x18bcfe56864L);
        assertThat(new String(m.body())).isEqualTo("Hello");
        assertThat(m.topic()).isEqualTo("TopicTest");
        assertThat(m.property("TAGS")).isEqualTo("TagA");
        assertThat(m.offsetMsgId()).isEqualTo("0A00000100002A9F0000000000001234");
        assertThat(StoredRecordDecoder.decodeAll(buf)).hasSize(1);
    }

    @Test
    void anIndexedRecordIsCheckedByItsFirstLine() {
        byte[] good = HexFormat.of().parseHex(EXAMPLE_HEX);
        ByteBuffer buf = ByteBuffer.wrap(good);
        assertThat(RecordCheck.checkIndexed(buf, 0, 115, 115, 0x1234, 1 << 20)).isEqualTo(115);
        assertThat(RecordCheck.checkIndexed(buf, 0, 115, 115, 0x1235, 1 << 20))
                .isEqualTo(RecordCheck.BAD_PHYSICAL_OFFSET);
        assertThat(RecordCheck.checkIndexed(buf, 0, 115, 114, 0x1234, 1 << 20)).isEqualTo(RecordCheck.BAD_SIZE);
        assertThat(RecordCheck.checkIndexed(buf, 0, 114, 115, 0x1234, 1 << 20)).isEqualTo(RecordCheck.TRUNCATED);
        assertThat(RecordCheck.checkIndexed(buf, 0, 115, 115, 0x1234, 100)).isEqualTo(RecordCheck.BAD_SIZE);
        assertThat(RecordCheck.checkIndexed(buf, 0, 115, 8, 0x1234, 1 << 20)).isEqualTo(RecordCheck.BAD_SIZE);

        byte[] blank = good.clone();
        ByteBuffer.wrap(blank).putInt(StoredRecordLayout.MAGIC, StoredRecordLayout.BLANK_MAGIC);
        assertThat(RecordCheck.checkIndexed(ByteBuffer.wrap(blank), 0, 115, 115, 0x1234, 1 << 20))
                .isEqualTo(RecordCheck.BLANK);
        byte[] zeros = new byte[115];
        assertThat(RecordCheck.checkIndexed(ByteBuffer.wrap(zeros), 0, 115, 115, 0, 1 << 20))
                .isEqualTo(RecordCheck.BAD_MAGIC);

        Random rnd = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            int size = rnd.nextInt(400) - 50;
            int code = RecordCheck.checkIndexed(ByteBuffer.wrap(b), 0, b.length, size, rnd.nextLong(), 1 << 20);
            assertThat(code).as("never beyond the bytes given").isLessThanOrEqualTo(b.length);
        }
    }

    @Test
    void offsetMessageIdRoundTripsIpv4AndIpv6() {
        HostAddress v4 = new HostAddress(new byte[] {10, 0, 0, 1}, 10911);
        assertThat(OffsetMessageId.encode(v4, 0x1234)).isEqualTo("0A00000100002A9F0000000000001234");
        assertThat(OffsetMessageId.decode("0A00000100002A9F0000000000001234"))
                .isEqualTo(new OffsetMessageId.Decoded(v4, 0x1234));
        byte[] ip6 = new byte[16];
        ip6[15] = 1;
        HostAddress v6 = new HostAddress(ip6, 8080);
        String id = OffsetMessageId.encode(v6, Long.MAX_VALUE);
        assertThat(id).hasSize(56);
        assertThat(OffsetMessageId.decode(id)).isEqualTo(new OffsetMessageId.Decoded(v6, Long.MAX_VALUE));
        assertThatThrownBy(() -> OffsetMessageId.decode("zz")).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> OffsetMessageId.decode("0A00000100002A9F000000000000123G"))
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void tagHashIsStringHashCode() {
        assertThat(TagHash.of("TagA")).isEqualTo("TagA".hashCode());
        assertThat(TagHash.of(null)).isZero();
        assertThat(TagHash.of("")).isZero();
    }

    @Test
    void utf8MatchesTheJdkEncoder() {
        String s = "a\u00e9\u4e2d\ud83d\ude00z";
        byte[] jdk = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Utf8.encodedLength(s)).isEqualTo(jdk.length);
        ByteBuffer b = ByteBuffer.allocate(jdk.length);
        assertThat(Utf8.write(s, b, 0)).isEqualTo(jdk.length);
        assertThat(b.array()).isEqualTo(jdk);
    }

    @Test
    void randomAndTruncatedInputNeverEscapesAsAnythingButFormatErrors() {
        Random rnd = new Random(42);
        byte[] good = HexFormat.of().parseHex(EXAMPLE_HEX);
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(200)];
                rnd.nextBytes(b);
            } else {
                b = java.util.Arrays.copyOf(good, rnd.nextInt(good.length + 1));
                if (b.length > 0 && rnd.nextBoolean()) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(b);
            int code = RecordCheck.check(buf, 0, b.length, new java.util.zip.CRC32(), -1, 1 << 20);
            assertThat(code).isLessThanOrEqualTo(b.length);
            try {
                StoredMessage m = StoredRecordDecoder.decode(buf, 0);
                assertThat(m.storeSize()).isLessThanOrEqualTo(b.length);
                assertThat(m.body().length).isLessThanOrEqualTo(b.length);
            } catch (RecordFormatException expected) {
                // malformed input is reported, never anything else
            }
        }
    }
}
