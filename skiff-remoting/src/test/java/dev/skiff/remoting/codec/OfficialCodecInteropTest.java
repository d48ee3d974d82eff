package dev.skiff.remoting.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden frames: the official 5.5.0 codec encodes, Skiff decodes, and the other way round. */
class OfficialCodecInteropTest {
    private static final int FRAME_MAX = 16 * 1024 * 1024;

    static Stream<Arguments> cases() {
        byte[] large = new byte[1024 * 1024 + 3];
        new Random(42).nextBytes(large);
        return Stream.of(SerializeType.values())
                .flatMap(type -> Stream.of(
                        Arguments.of(type, null),
                        Arguments.of(type, new byte[0]),
                        Arguments.of(type, "body ✓".getBytes(StandardCharsets.UTF_8)),
                        Arguments.of(type, large)));
    }

    private static HashMap<String, String> ext() {
        HashMap<String, String> ext = new HashMap<>();
        ext.put("topic", "TopicTest");
        ext.put("queueId", "0");
        ext.put("unitMode", "false");
        ext.put("properties", "TAGS\u0001TagA\u0002KEYS\u0001key 1\u0002WAIT\u0001true\u0002");
        ext.put("unicode", "主题 Ünïcödé 😀");
        ext.put("escapes", "q\"b\\s/\n\r\t");
        return ext;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void officialFramesDecodeInSkiff(SerializeType type, byte[] body) {
        var official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(17, "remark ✓ \u0001x");
        official.setOpaque(12345);
        official.setExtFields(ext());
        official.setBody(body);
        official.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name()));

        ByteBuffer encoded = official.encode();
        RemotingCommand viaEncode = decode(Unpooled.wrappedBuffer(encoded));
        ByteBuf fast = Unpooled.buffer();
        official.fastEncodeHeader(fast);
        if (body != null) {
            fast.writeBytes(body);
        }
        RemotingCommand viaFast = decode(fast);

        for (RemotingCommand cmd : new RemotingCommand[] {viaEncode, viaFast}) {
            assertThat(cmd.serializeType()).isEqualTo(type);
            assertThat(cmd.code()).isEqualTo(17);
            assertThat(cmd.isResponse()).isTrue();
            assertThat(cmd.opaque()).isEqualTo(12345);
            assertThat(cmd.language()).isEqualTo(LanguageCode.JAVA);
            assertThat(cmd.version()).isEqualTo(official.getVersion());
            assertThat(cmd.remark()).isEqualTo("remark ✓ \u0001x");
            assertThat(cmd.extFields()).isEqualTo(ext());
            assertThat(cmd.body()).isEqualTo(body == null || body.length == 0 ? null : body);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void skiffFramesDecodeInTheOfficialCodec(SerializeType type, byte[] body) throws Exception {
        RemotingCommand cmd = RemotingCommand.request(310).opaque(777).remark("remark ✓ \u0002y");
        cmd.extFields(ext());
        cmd.body(body);
        cmd.markOneway();
        ByteBuf frame = FrameEncoder.encode(ByteBufAllocator.DEFAULT, cmd, type, FRAME_MAX);
        try {
            int length = frame.readInt();
            assertThat(length).isEqualTo(frame.readableBytes());
            var official = org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame.nioBuffer());
            assertThat(official.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
            assertThat(official.getCode()).isEqualTo(310);
            assertThat(official.getOpaque()).isEqualTo(777);
            assertThat(official.isOnewayRPC()).isTrue();
            assertThat(official.isResponseType()).isFalse();
            assertThat(official.getLanguage().name()).isEqualTo("JAVA");
            assertThat(official.getVersion()).isEqualTo(479);
            assertThat(official.getRemark()).isEqualTo("remark ✓ \u0002y");
            assertThat(official.getExtFields()).isEqualTo(ext());
            assertThat(official.getBody()).isEqualTo(body == null || body.length == 0 ? null : body);
        } finally {
            frame.release();
        }
    }

    private static RemotingCommand decode(ByteBuf frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FRAME_MAX, new LongAdder()));
        ch.writeInbound(frame);
        RemotingCommand cmd = ch.readInbound();
        assertThat(ch.isOpen()).isTrue();
        assertThat(cmd).isNotNull();
        ch.finishAndReleaseAll();
        return cmd;
    }
}
