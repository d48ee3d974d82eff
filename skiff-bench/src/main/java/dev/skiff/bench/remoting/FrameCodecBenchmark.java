package dev.skiff.bench.remoting;

import dev.skiff.remoting.codec.CommandDecoder;
import dev.skiff.remoting.codec.FrameEncoder;
import dev.skiff.remoting.codec.MalformedFrameException;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encode and decode of one frame: a typical SEND_MESSAGE_V2 request (14 ext fields, 1 KiB body)
 * and a typical send response, JSON and binary headers, Skiff's codec next to the official 5.5.0
 * {@code RemotingCommand} ({@code fastEncodeHeader} + body, as its NettyEncoder does, and {@code
 * decode(ByteBuf)}, as its NettyDecoder does). Run with {@code -prof gc} for bytes per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {
    private static final int FRAME_MAX = 16 * 1024 * 1024;
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Param({"JSON", "ROCKETMQ"})
    public String type;

    /** A send, its response, or a send signed by the official ACL hook (AccessKey and Signature added). */
    @Param({"request", "response", "signed-request"})
    public String message;

    private SerializeType serializeType;
    private RemotingCommand skiffCommand;
    private org.apache.rocketmq.remoting.protocol.RemotingCommand officialCommand;
    private ByteBuf frame;
    private int frameLength;
    private final CommandDecoder decoder = new CommandDecoder();

    @Setup(Level.Trial)
    public void setUp() {
        serializeType = SerializeType.valueOf(type);
        boolean request = !message.equals("response");
        Map<String, String> ext = request ? sendRequestFields() : sendResponseFields();
        if (message.equals("signed-request")) {
            ext.put("AccessKey", "bench-user");
            ext.put("Signature", "VAs5G0Hyk7wmcmCZZPt/5Ookrr8=");
        }
        byte[] body = request ? new byte[1024] : null;
        if (body != null) {
            new Random(1).nextBytes(body);
        }
        skiffCommand = request
                ? RemotingCommand.request(310)
                : RemotingCommand.response(0, null).markResponseTo(42);
        skiffCommand.extFields(new HashMap<>(ext)).body(body);

        officialCommand = request
                ? org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null)
                : org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(0, null);
        officialCommand.setExtFields(new HashMap<>(ext));
        officialCommand.setBody(body);
        officialCommand.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type));

        ByteBuf encoded = FrameEncoder.encode(ALLOC, skiffCommand, serializeType, FRAME_MAX);
        frame = ALLOC.directBuffer(encoded.readableBytes());
        frame.writeBytes(encoded);
        encoded.release();
        frameLength = frame.getInt(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    /** SendMessageRequestHeaderV2's 14 single-letter fields, with realistic values. */
    static Map<String, String> sendRequestFields() {
        Map<String, String> ext = new HashMap<>();
        ext.put("a", "please_rename_unique_group_name");
        ext.put("b", "TopicTest");
        ext.put("c", "TBW102");
        ext.put("d", "4");
        ext.put("e", "3");
        ext.put("f", "0");
        ext.put("g", "1726740000123");
        ext.put("h", "0");
        ext.put(
                "i",
                "KEYS\u0001OrderID188\u0002UNIQ_KEY\u0001AC11000100002A9F00000000000000000\u0002WAIT\u0001true"
                        + "\u0002TAGS\u0001TagA\u0002");
        ext.put("j", "0");
        ext.put("k", "false");
        ext.put("l", "false");
        ext.put("m", "16");
        ext.put("n", "broker-a");
        return ext;
    }

    static Map<String, String> sendResponseFields() {
        Map<String, String> ext = new HashMap<>();
        ext.put("msgId", "7F00000100002A9F0000000000001F40");
        ext.put("queueId", "3");
        ext.put("queueOffset", "1200");
        ext.put("MSG_REGION", "DefaultRegion");
        ext.put("TRACE_ON", "true");
        return ext;
    }

    @Benchmark
    public int skiffEncode() {
        ByteBuf out = FrameEncoder.encode(ALLOC, skiffCommand, serializeType, FRAME_MAX);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public RemotingCommand skiffDecode() throws MalformedFrameException {
        return decoder.decode(frame, 4, frameLength);
    }

    @Benchmark
    public int officialEncode() {
        ByteBuf out = ALLOC.ioBuffer();
        officialCommand.fastEncodeHeader(out);
        byte[] body = officialCommand.getBody();
        if (body != null) {
            out.writeBytes(body);
        }
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public org.apache.rocketmq.remoting.protocol.RemotingCommand officialDecode() throws Exception {
        frame.readerIndex(4);
        try {
            return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame);
        } finally {
            frame.readerIndex(0);
        }
    }
}
