package dev.skiff.remoting.codec;

import dev.skiff.remoting.protocol.LanguageCode;
import dev.skiff.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * The ROCKETMQ binary command header (serialization type 1). All integers big-endian, strings
 * UTF-8:
 *
 * <pre>
 * offset  size  field
 *      0     2  code      (signed 16-bit)
 *      2     1  language  (LanguageCode byte)
 *      3     2  version   (signed 16-bit)
 *      5     4  opaque
 *      9     4  flag
 *     13     4  remark length R (0 = no remark)
 *     17     R  remark
 *   17+R     4  ext-fields block length E (0 = none)
 *   21+R     E  entries: [2-byte key length][key][4-byte value length][value] ...
 * </pre>
 *
 * <p>Quirks kept from the official codec: a zero-length remark or value decodes to {@code null}
 * (an entry with a zero-length key is dropped, it could never be looked up); duplicate keys are
 * accepted and the last one wins; entries with a null key or value are not written. Code and
 * version must fit 16 bits ({@link #canEncode}); otherwise the frame encoder falls back to JSON.
 */
public final class BinaryHeaderCodec {
    /** Bytes of the fixed part: code, language, version, opaque, flag, remark length, ext length. */
    static final int FIXED_BYTES = 21;

    private final StringCache cache;

    BinaryHeaderCodec(StringCache cache) {
        this.cache = cache;
    }

    public BinaryHeaderCodec() {
        this(new StringCache());
    }

    /** Whether {@code cmd} fits the binary layout (code and version within 16 signed bits). */
    public static boolean canEncode(RemotingCommand cmd) {
        return cmd.code() == (short) cmd.code() && cmd.version() == (short) cmd.version();
    }

    /** Appends the binary header of {@code cmd}; requires {@link #canEncode}. */
    public static void write(RemotingCommand cmd, ByteBuf out) {
        out.writeShort(cmd.code());
        LanguageCode language = cmd.language();
        out.writeByte(language == null ? LanguageCode.JAVA.code() : language.code());
        out.writeShort(cmd.version());
        out.writeInt(cmd.opaque());
        out.writeInt(cmd.flag());
        String remark = cmd.remark();
        if (remark == null || remark.isEmpty()) {
            out.writeInt(0);
        } else {
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            out.setInt(lengthIndex, ByteBufUtil.writeUtf8(out, remark));
        }
        int extLengthIndex = out.writerIndex();
        out.writeInt(0);
        Map<String, String> ext = cmd.extFields();
        if (ext != null) {
            for (Map.Entry<String, String> e : ext.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (key != null && value != null) {
                    writeEntry(out, key, value);
                }
            }
        }
        out.setInt(extLengthIndex, out.writerIndex() - extLengthIndex - 4);
    }

    private static void writeEntry(ByteBuf out, String key, String value) {
        int keyLengthIndex = out.writerIndex();
        out.writeShort(0);
        int keyBytes = ByteBufUtil.writeUtf8(out, key);
        if (keyBytes > Short.MAX_VALUE) {
            throw new IllegalArgumentException("ext-field key longer than 32767 bytes");
        }
        out.setShort(keyLengthIndex, keyBytes);
        int valueLengthIndex = out.writerIndex();
        out.writeInt(0);
        out.setInt(valueLengthIndex, ByteBufUtil.writeUtf8(out, value));
    }

    /** Decodes the header in {@code b[offset, offset + length)}; every length is checked first. */
    public RemotingCommand read(byte[] b, int offset, int length) throws MalformedFrameException {
        int end = offset + length;
        if (length < FIXED_BYTES) {
            throw new MalformedFrameException("binary header of " + length + " bytes is too short");
        }
        RemotingCommand cmd = RemotingCommand.decoded();
        cmd.code(getShort(b, offset));
        cmd.language(LanguageCode.fromCode(b[offset + 2]));
        cmd.version(getShort(b, offset + 3));
        cmd.opaque(getInt(b, offset + 5));
        cmd.flag(getInt(b, offset + 9));
        int pos = offset + 13;
        int remarkLength = getInt(b, pos);
        pos += 4;
        checkLength(remarkLength, end - pos - 4, "remark");
        if (remarkLength > 0) {
            cmd.remark(new String(b, pos, remarkLength, java.nio.charset.StandardCharsets.UTF_8));
            pos += remarkLength;
        }
        int extLength = getInt(b, pos);
        pos += 4;
        checkLength(extLength, end - pos, "ext-fields block");
        if (extLength > 0) {
            cmd.extFields(readEntries(b, pos, pos + extLength));
        }
        return cmd;
    }

    private Map<String, String> readEntries(byte[] b, int pos, int end) throws MalformedFrameException {
        Map<String, String> map = new HashMap<>();
        while (pos < end) {
            checkLength(2, end - pos, "ext key length");
            int keyLength = getShort(b, pos);
            pos += 2;
            checkLength(keyLength, end - pos - 4, "ext key");
            String key = keyLength == 0 ? null : cache.get(b, pos, keyLength);
            pos += keyLength;
            int valueLength = getInt(b, pos);
            pos += 4;
            checkLength(valueLength, end - pos, "ext value");
            String value = valueLength == 0 ? null : cache.get(b, pos, valueLength);
            pos += valueLength;
            if (key != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    private static void checkLength(int length, int available, String what) throws MalformedFrameException {
        if (length < 0 || length > available) {
            throw new MalformedFrameException(what + " length " + length + " exceeds the header (" + available + ")");
        }
    }

    private static short getShort(byte[] b, int i) {
        return (short) ((b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF));
    }

    private static int getInt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}
