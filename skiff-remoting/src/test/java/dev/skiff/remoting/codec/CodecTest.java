package dev.skiff.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecTest {
    private static final int FRAME_MAX = 16 * 1024 * 1024;

    private static EmbeddedChannel channel(SerializeType type, LongAdder malformed) {
        return new EmbeddedChannel(new FrameDecoder(FRAME_MAX, malformed), new CommandEncoder(type, FRAME_MAX));
    }

    /** Encodes on one channel, feeds the bytes (in small pieces) to another, returns the decoded command. */
    static RemotingCommand roundTrip(RemotingCommand cmd, SerializeType type) {
        EmbeddedChannel out = channel(type, new LongAdder());
        EmbeddedChannel in = channel(type, new LongAdder());
        assertThat(out.writeOutbound(cmd)).isTrue();
        ByteBuf frame = out.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        int chunk = Math.max(7, bytes.length / 16);
        for (int i = 0; i < bytes.length; i += chunk) {
            in.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        RemotingCommand decoded = in.readInbound();
        assertThat(decoded).isNotNull();
        Object extra = in.readInbound();
        assertThat(extra).isNull();
        assertThat(out.finish()).isFalse();
        assertThat(in.finish()).isFalse();
        return decoded;
    }

    static RemotingCommand sample() {
        RemotingCommand cmd = RemotingCommand.request(310);
        cmd.putExtField("topic", "TopicTest");
        cmd.putExtField("queueId", "3");
        cmd.putExtField("unicode", "主题-Ünïcödé-😀");
        cmd.putExtField("properties", "TAGS\u0001tagA\u0002KEYS\u0001k1 k2\u0002");
        cmd.putExtField("quote", "a\"b\\c/\n\t");
        cmd.remark("remark ✓ \u0001");
        return cmd;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripsEveryField(SerializeType type) {
        RemotingCommand cmd = sample().body("hello".getBytes(StandardCharsets.UTF_8));
        cmd.flag(2).version(479).language(LanguageCode.GO);
        RemotingCommand decoded = roundTrip(cmd, type);
        assertThat(decoded.code()).isEqualTo(310);
        assertThat(decoded.opaque()).isEqualTo(cmd.opaque());
        assertThat(decoded.flag()).isEqualTo(2);
        assertThat(decoded.version()).isEqualTo(479);
        assertThat(decoded.language()).isEqualTo(LanguageCode.GO);
        assertThat(decoded.remark()).isEqualTo(cmd.remark());
        assertThat(decoded.extFields()).isEqualTo(cmd.extFields());
        assertThat(decoded.body()).isEqualTo(cmd.body());
        assertThat(decoded.serializeType()).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void emptyAndLargeBodies(SerializeType type) {
        RemotingCommand empty = RemotingCommand.request(11).body(new byte[0]);
        assertThat(roundTrip(empty, type).body()).isNull();
        byte[] large = new byte[4 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        assertThat(roundTrip(RemotingCommand.request(11).body(large), type).body())
                .isEqualTo(large);
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aHeaderLargerThanTheKeptScratchIsWrittenWholeAndTheNextSmallOneToo(SerializeType type) {
        RemotingCommand large = sample();
        String big = "x".repeat(FrameEncoder.SCRATCH_KEEP_MAX_BYTES + 1_000);
        large.putExtField("big", big);
        assertThat(roundTrip(large, type).extField("big")).isEqualTo(big);
        // the same thread's next header starts from a fresh scratch: no bytes of the last one
        RemotingCommand small = sample();
        assertThat(roundTrip(small, type).extFields()).isEqualTo(small.extFields());
        assertThat(roundTrip(small, type).extFields()).isEqualTo(small.extFields());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void bodyBufIsSentWithoutCopyAndReleasedOnce(SerializeType type) {
        ByteBuf body = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {9, 8, 7});
        RemotingCommand cmd = RemotingCommand.request(11).bodyBuf(body);
        RemotingCommand decoded = roundTrip(cmd, type);
        assertThat(decoded.body()).containsExactly(9, 8, 7);
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void bodyBufIsReleasedWhenTheFrameIsTooLarge() {
        ByteBuf body = Unpooled.directBuffer().writeBytes(new byte[2048]);
        RemotingCommand cmd = RemotingCommand.request(11).bodyBuf(body);
        assertThatThrownBy(() -> FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, SerializeType.JSON, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit");
        assertThat(body.refCnt()).isZero();
        EmbeddedChannel ch = new EmbeddedChannel(new CommandEncoder(SerializeType.JSON, 1024));
        ByteBuf body2 = Unpooled.directBuffer().writeBytes(new byte[2048]);
        assertThat(ch.writeOneOutbound(RemotingCommand.request(11).bodyBuf(body2))
                        .cause())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(body2.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void binaryZeroLengthStringsDecodeToNullAndDuplicatesKeepTheLast() {
        RemotingCommand cmd = RemotingCommand.request(105).remark("");
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("a", "");
        ext.put("b", "1");
        cmd.extFields(ext);
        RemotingCommand decoded = roundTrip(cmd, SerializeType.ROCKETMQ);
        assertThat(decoded.remark()).isNull();
        assertThat(decoded.extFields()).containsEntry("a", null).containsEntry("b", "1");

        // Hand-made binary header with key "k" twice.
        ByteBuf h = Unpooled.buffer();
        h.writeShort(105).writeByte(0).writeShort(479).writeInt(1).writeInt(0).writeInt(0);
        ByteBuf e = Unpooled.buffer();
        e.writeShort(1).writeByte('k').writeInt(1).writeByte('1');
        e.writeShort(1).writeByte('k').writeInt(1).writeByte('2');
        h.writeInt(e.readableBytes()).writeBytes(e);
        e.release();
        RemotingCommand dup = decodeFrame(frame(1, h));
        assertThat(dup.extFields()).containsExactly(Map.entry("k", "2"));
    }

    @Test
    void codesAbove32767FallBackToJson() {
        RemotingCommand pop = RemotingCommand.request(200050).putExtField("x", "y");
        ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, pop, SerializeType.ROCKETMQ, FRAME_MAX);
        try {
            assertThat(frame.getByte(4)).isEqualTo((byte) 0);
        } finally {
            frame.release();
        }
        assertThat(roundTrip(pop, SerializeType.ROCKETMQ).code()).isEqualTo(200050);
    }

    @Test
    void commandOwnSerializeTypeWins() {
        RemotingCommand cmd = RemotingCommand.request(105).serializeType(SerializeType.ROCKETMQ);
        ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, SerializeType.JSON, FRAME_MAX);
        try {
            assertThat(frame.getByte(4)).isEqualTo((byte) 1);
        } finally {
            frame.release();
        }
    }

    @Test
    void exactBinaryExampleOfTheFactSheet() {
        String hex = "0000002d" + "01000029" + "0069" + "00" + "01df" + "00000007" + "00000000" + "00000000"
                + "00000014" + "0005746f706963" + "00000009546f70696354657374";
        RemotingCommand cmd =
                RemotingCommand.decoded().code(105).version(479).opaque(7).putExtField("topic", "TopicTest");
        ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, SerializeType.ROCKETMQ, FRAME_MAX);
        try {
            assertThat(ByteBufUtil.hexDump(frame)).isEqualTo(hex);
        } finally {
            frame.release();
        }
        RemotingCommand decoded = decodeFrame(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
        assertThat(decoded.code()).isEqualTo(105);
        assertThat(decoded.version()).isEqualTo(479);
        assertThat(decoded.opaque()).isEqualTo(7);
        assertThat(decoded.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(decoded.extFields()).containsExactly(Map.entry("topic", "TopicTest"));
    }

    @Test
    void jsonHeaderIsAlphabeticalAndEscapesControlCharacters() {
        RemotingCommand cmd = RemotingCommand.decoded()
                .code(105)
                .opaque(7)
                .version(479)
                .remark("x\u0001y")
                .putExtField("topic", "TopicTest");
        ByteBuf out = Unpooled.buffer();
        JsonHeaderWriter.write(cmd, SerializeType.JSON, out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"code\":105,\"extFields\":{\"topic\":\"TopicTest\"},\"flag\":0,\"language\":\"JAVA\","
                                + "\"opaque\":7,\"remark\":\"x\\u0001y\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
        out.release();
        ByteBuf noExt = Unpooled.buffer();
        JsonHeaderWriter.write(RemotingCommand.decoded().code(-5).opaque(Integer.MIN_VALUE), SerializeType.JSON, noExt);
        assertThat(noExt.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":-5,\"flag\":0,\"language\":\"JAVA\",\"opaque\":-2147483648,"
                        + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
        noExt.release();
    }

    @Test
    void jsonReaderIsLenientLikeFastjson() throws Exception {
        String json = "{ code : \"17\", 'flag':1, unknown:{\"a\":[1,2,{\"b\":null}],\"c\":\"}\"},"
                + "\"extFields\":{\"queueId\":0,\"unitMode\":false,\"n\":null,\"big\":12345678901234,"
                + "\"esc\":\"\\u4e3b\\u0001\\\"q\\\\\\/\\n\",\"raw\":\"主题\",nested:{\"x\":1}},"
                + "\"language\":\"RUST\",\"opaque\":-9,\"remark\":null,\"version\":479,\"extra\":true}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        RemotingCommand cmd = new JsonHeaderReader().read(bytes, 0, bytes.length);
        assertThat(cmd.code()).isEqualTo(17);
        assertThat(cmd.flag()).isEqualTo(1);
        assertThat(cmd.opaque()).isEqualTo(-9);
        assertThat(cmd.version()).isEqualTo(479);
        assertThat(cmd.language()).isEqualTo(LanguageCode.RUST);
        assertThat(cmd.remark()).isNull();
        Map<String, String> expected = new HashMap<>();
        expected.put("queueId", "0");
        expected.put("unitMode", "false");
        expected.put("big", "12345678901234");
        expected.put("esc", "主\u0001\"q\\/\n");
        expected.put("raw", "主题");
        expected.put("nested", "{\"x\":1}");
        assertThat(cmd.extFields()).isEqualTo(expected);

        byte[] unknownLanguage = "{\"code\":1,\"language\":\"KLINGON\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new JsonHeaderReader()
                        .read(unknownLanguage, 0, unknownLanguage.length)
                        .language())
                .isNull();
        for (String bad : new String[] {"", "{", "{\"code\":", "{\"code\":99999999999}", "[1]", "{\"a\":\"x}"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> new JsonHeaderReader().read(b, 0, b.length))
                    .as(bad)
                    .isInstanceOf(MalformedFrameException.class);
        }
    }

    /**
     * The header reader walks the common JSON grammar ({@code JsonCursor}, whose own tests cover it
     * in skiff-common): here what the header adds on top, and its stricter depth bound.
     */
    @Test
    void jsonHeaderBindsOnTheCommonGrammarWithinItsBounds() throws Exception {
        String ok = "{\"code\":\" 12 \",\"flag\":null,\"language\":11,\"remark\":-1.5e3,"
                + "\"extFields\":{0:\"zero\",\"a\":[1, 'x'],\"t\":true,},}  trailing";
        RemotingCommand cmd = readHeader(ok);
        assertThat(cmd.code()).isEqualTo(12);
        assertThat(cmd.flag()).isZero();
        assertThat(cmd.language()).isEqualTo(LanguageCode.OMS);
        assertThat(cmd.remark()).isEqualTo("-1.5e3");
        assertThat(cmd.extFields())
                .containsOnly(Map.entry("0", "zero"), Map.entry("a", "[1, 'x']"), Map.entry("t", "true"));

        // 32 levels with the root object pass, 33 do not
        String nest31 = "[".repeat(31) + "]".repeat(31);
        assertThat(readHeader("{\"u\":" + nest31 + ",\"code\":3}").code()).isEqualTo(3);
        assertThatThrownBy(() -> readHeader("{\"u\":[" + nest31 + "],\"code\":3}"))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("deeper than the limit of 32");

        for (String bad : new String[] {
            "{\"code\":1 \"flag\":2}", // missing comma
            "{,\"code\":1}",
            "{\"code\":1.5}",
            "{\"code\":\"x\"}",
            "{\"code\":{}}",
            "{\"remark\":[1]}",
            "{\"remark\":\"\\q\"}", // unknown escape
            "{\"extFields\":[]}",
            "{\"extFields\":{{\"a\":1}:\"b\"}}",
            "{\"code\":-2147483649}",
        }) {
            assertThatThrownBy(() -> readHeader(bad))
                    .as(bad)
                    .isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("bad JSON header");
        }
    }

    private static RemotingCommand readHeader(String json) throws MalformedFrameException {
        byte[] framed = ("##" + json).getBytes(StandardCharsets.UTF_8);
        return new JsonHeaderReader().read(framed, 2, framed.length - 2);
    }

    @Test
    void malformedFramesCloseTheChannelQuietly() {
        int[][] prefixes = {
            {0, 0, 0, 2}, // L < 4
            {0x7f, 0, 0, 0}, // L beyond the frame limit
            {0, 0, 0, 8, 5, 0, 0, 0}, // unknown serialize type
            {0, 0, 0, 8, 0, 0, 0, 9}, // header longer than the frame
            {0, 0, 0, 8, 0, 0, 0, 4, 'n', 'o', 'p', 'e'}, // not JSON
            {0, 0, 0, 8, 1, 0, 0, 4, 0, 1, 0, 0}, // binary header too short
        };
        for (int[] prefix : prefixes) {
            LongAdder malformed = new LongAdder();
            EmbeddedChannel ch = channel(SerializeType.JSON, malformed);
            byte[] bytes = new byte[prefix.length];
            for (int i = 0; i < prefix.length; i++) {
                bytes[i] = (byte) prefix[i];
            }
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            assertThat(ch.isOpen()).isFalse();
            assertThat(malformed.sum()).isEqualTo(1);
            Object none = ch.readInbound();
            assertThat(none).isNull();
            ch.checkException();
            ch.finishAndReleaseAll();
        }
    }

    static ByteBuf frame(int type, ByteBuf header) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.readableBytes());
        frame.writeInt(type << 24 | header.readableBytes());
        frame.writeBytes(header);
        header.release();
        return frame;
    }

    static RemotingCommand decodeFrame(ByteBuf frame) {
        EmbeddedChannel ch = channel(SerializeType.JSON, new LongAdder());
        ch.writeInbound(frame);
        RemotingCommand cmd = ch.readInbound();
        assertThat(ch.isOpen()).as("frame accepted").isTrue();
        ch.finishAndReleaseAll();
        return cmd;
    }
}
