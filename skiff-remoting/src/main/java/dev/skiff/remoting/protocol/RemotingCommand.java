package dev.skiff.remoting.protocol;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request or response of the RocketMQ remoting protocol: the command header fields plus a
 * body. How it is framed and how the header is encoded (JSON or binary) is the codec's business;
 * see {@code dev.skiff.remoting.codec}.
 *
 * <p>A command is built and filled by one thread, then handed to the transport; it is not
 * thread-safe. Custom header fields live in {@link #extFields()} as strings, exactly as on the
 * wire; typed headers read them through {@link HeaderFields} and write them with
 * {@link CommandHeader#writeTo(Map)}.
 *
 * <p>The body is either a byte array (inbound commands always use this) or, for outbound
 * commands that send stored data without copying it, a {@link ByteBuf} whose ownership passes to
 * the transport: it is released once written, or when the write fails.
 */
public final class RemotingCommand {
    /** Flag bit 0: this command is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** Flag bit 1: a one-way request; the receiver sends no response. */
    public static final int FLAG_ONEWAY = 2;

    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = RemotingVersion.CURRENT;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    private ByteBuf bodyBuf;
    private SerializeType serializeType;

    private RemotingCommand() {}

    /** A new request with a fresh opaque and no header fields. */
    public static RemotingCommand request(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.opaque = NEXT_OPAQUE.getAndIncrement();
        return cmd;
    }

    /** A new request whose ext fields are filled from {@code header}. */
    public static RemotingCommand request(int code, CommandHeader header) {
        RemotingCommand cmd = request(code);
        header.writeTo(cmd.ensureExtFields());
        return cmd;
    }

    /** A response with the given code and remark; the transport sets its opaque. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.flag = FLAG_RESPONSE;
        return cmd;
    }

    /** A response with the given code and remark; the transport sets its opaque. */
    public static RemotingCommand response(ResponseCode code, String remark) {
        return response(code.code(), remark);
    }

    /** The answer to a request code nobody serves: REQUEST_CODE_NOT_SUPPORTED (3), naming the code. */
    public static RemotingCommand notSupported(int requestCode) {
        return response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + requestCode + " not supported");
    }

    /** A successful response whose ext fields are filled from {@code header}. */
    public static RemotingCommand success(CommandHeader header) {
        RemotingCommand cmd = response(ResponseCode.SUCCESS, null);
        header.writeTo(cmd.ensureExtFields());
        return cmd;
    }

    /** A successful response with empty ext fields and no body. */
    public static RemotingCommand success() {
        RemotingCommand cmd = response(ResponseCode.SUCCESS, null);
        cmd.ensureExtFields();
        return cmd;
    }

    /** A blank command for decoders, which set every field themselves. */
    public static RemotingCommand decoded() {
        return new RemotingCommand();
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    /** Marks this request one-way: the receiver will not answer. */
    public RemotingCommand markOneway() {
        flag |= FLAG_ONEWAY;
        return this;
    }

    /** Marks this command a response to the request with the given opaque. */
    public RemotingCommand markResponseTo(int requestOpaque) {
        flag |= FLAG_RESPONSE;
        opaque = requestOpaque;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The ext fields, or {@code null} when the command has none. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(Map<String, String> extFields) {
        this.extFields = extFields;
        return this;
    }

    /** The ext fields, created empty if the command had none. */
    public Map<String, String> ensureExtFields() {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        return extFields;
    }

    /** Sets one ext field; a null value removes it. */
    public RemotingCommand putExtField(String key, String value) {
        if (value == null) {
            if (extFields != null) {
                extFields.remove(key);
            }
        } else {
            ensureExtFields().put(key, value);
        }
        return this;
    }

    /** One ext field, or {@code null}. */
    public String extField(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /** Typed access to the ext fields, for decoding a header. */
    public HeaderFields fields() {
        return new HeaderFields(extFields);
    }

    /** The body as bytes, or {@code null}. Inbound commands always carry their body here. */
    public byte[] body() {
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        this.bodyBuf = null;
        return this;
    }

    /** An outbound body sent without copying; ownership passes to the transport. */
    public ByteBuf bodyBuf() {
        return bodyBuf;
    }

    public RemotingCommand bodyBuf(ByteBuf bodyBuf) {
        this.bodyBuf = bodyBuf;
        this.body = null;
        return this;
    }

    /** Length of whichever body is set; 0 for none. */
    public int bodyLength() {
        if (bodyBuf != null) {
            return bodyBuf.readableBytes();
        }
        return body == null ? 0 : body.length;
    }

    /**
     * The header encoding: for an inbound command the one it arrived in; for an outbound one the
     * encoding to use, or {@code null} for the transport's default.
     */
    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    /** The response code as an enum, or {@code null} if Skiff does not know it. */
    public ResponseCode responseCode() {
        return ResponseCode.fromCode(code);
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", language=" + language + ", version=" + version + ", opaque="
                + opaque + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields + ", bodyLength="
                + bodyLength() + ", serializeType=" + serializeType + "]";
    }
}
