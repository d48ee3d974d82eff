package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a command header as the JSON object official peers produce (serialization type 0),
 * straight into the output buffer, without reflection and without intermediate strings.
 *
 * <pre>
 * {"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":7,
 *  "remark":"...","serializeTypeCurrentRPC":"JSON","version":479}
 * </pre>
 *
 * <p>Members come in alphabetical order like fastjson's output; {@code remark} and {@code
 * extFields} are omitted when null (an empty map is written as {@code {}}), ext entries with a
 * null key or value are skipped. Strings are raw UTF-8; {@code "}, {@code \} and control
 * characters below 0x20 are escaped ({@code \u0001}). Stateless and thread-safe.
 */
public final class JsonHeaderWriter {
    private static final byte[] CODE = ascii("{\"code\":");
    private static final byte[] EXT_FIELDS = ascii(",\"extFields\":{");
    private static final byte[] FLAG = ascii(",\"flag\":");
    private static final byte[] OPAQUE = ascii(",\"opaque\":");
    private static final byte[] REMARK = ascii(",\"remark\":");
    private static final byte[] SERIALIZE_TYPE = ascii(",\"serializeTypeCurrentRPC\":");
    private static final byte[] VERSION = ascii(",\"version\":");
    private static final byte[][] LANGUAGE = languages();
    private static final byte[][] TYPE = {ascii("\"JSON\""), ascii("\"ROCKETMQ\"")};
    private static final byte[] HEX = ascii("0123456789ABCDEF");

    private JsonHeaderWriter() {}

    /**
     * Appends the JSON header of {@code cmd} to {@code out}.
     *
     * @param typeCurrentRpc value written for {@code serializeTypeCurrentRPC}
     */
    public static void write(RemotingCommand cmd, SerializeType typeCurrentRpc, ByteBuf out) {
        out.writeBytes(CODE);
        writeInt(out, cmd.code());
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            out.writeBytes(EXT_FIELDS);
            boolean first = true;
            for (Map.Entry<String, String> e : ext.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (key == null || value == null) {
                    continue;
                }
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                writeString(out, key);
                out.writeByte(':');
                writeString(out, value);
            }
            out.writeByte('}');
        }
        out.writeBytes(FLAG);
        writeInt(out, cmd.flag());
        LanguageCode language = cmd.language();
        if (language != null) {
            out.writeBytes(LANGUAGE[language.ordinal()]);
        }
        out.writeBytes(OPAQUE);
        writeInt(out, cmd.opaque());
        if (cmd.remark() != null) {
            out.writeBytes(REMARK);
            writeString(out, cmd.remark());
        }
        out.writeBytes(SERIALIZE_TYPE);
        out.writeBytes(TYPE[typeCurrentRpc.code()]);
        out.writeBytes(VERSION);
        writeInt(out, cmd.version());
        out.writeByte('}');
    }

    /** A rough upper bound of the header size, for sizing the output buffer (it may still grow). */
    static int estimateSize(RemotingCommand cmd) {
        int size = 160;
        if (cmd.remark() != null) {
            size += cmd.remark().length() + 16;
        }
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            for (Map.Entry<String, String> e : ext.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                size += 6 + (key == null ? 0 : key.length()) + (value == null ? 0 : value.length());
            }
        }
        return size;
    }

    static void writeString(ByteBuf out, String s) {
        out.writeByte('"');
        int length = s.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\') {
                if (i > runStart) {
                    ByteBufUtil.writeUtf8(out, s, runStart, i);
                }
                writeEscape(out, ch);
                runStart = i + 1;
            }
        }
        if (runStart == 0) {
            ByteBufUtil.writeUtf8(out, s);
        } else if (runStart < length) {
            ByteBufUtil.writeUtf8(out, s, runStart, length);
        }
        out.writeByte('"');
    }

    private static void writeEscape(ByteBuf out, char ch) {
        out.writeByte('\\');
        if (ch == '"' || ch == '\\') {
            out.writeByte(ch);
            return;
        }
        out.writeByte('u');
        out.writeByte('0');
        out.writeByte('0');
        out.writeByte(HEX[ch >> 4]);
        out.writeByte(HEX[ch & 0xF]);
    }

    /** Writes the decimal form of {@code value} without creating a string. */
    static void writeInt(ByteBuf out, int value) {
        if (value == Integer.MIN_VALUE) {
            out.writeBytes(ascii("-2147483648"));
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        int index = end;
        do {
            out.setByte(--index, '0' + value % 10);
            value /= 10;
        } while (value != 0);
        out.writerIndex(end);
    }

    private static byte[][] languages() {
        LanguageCode[] all = LanguageCode.values();
        byte[][] table = new byte[all.length][];
        for (LanguageCode language : all) {
            table[language.ordinal()] = ascii(",\"language\":\"" + language.name() + "\"");
        }
        return table;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
