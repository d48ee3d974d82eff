package dev.skiff.broker.send;

import com.github.luben.zstd.ZstdInputStream;
import dev.skiff.common.message.MessageProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * The {@code sysFlag} of a send: which bits a producer may set, and whether a body marked
 * compressed really inflates. Nothing a consumer cannot decode is stored: the official consumer
 * drops a record it cannot decode together with the rest of its pull batch, so a bad flag would
 * hide good messages too.
 *
 * <table>
 *   <caption>sysFlag bits a producer may set</caption>
 *   <tr><th>bits</th><th>meaning</th><th>on a send</th></tr>
 *   <tr><td>0x1</td><td>body compressed</td><td>the body must inflate, within a bound</td></tr>
 *   <tr><td>0x2</td><td>multi-tags</td><td>kept</td></tr>
 *   <tr><td>0xC</td><td>transaction type: 0 none, 0x4 prepared (half), 0x8 commit, 0xC rollback</td>
 *       <td>none or prepared; commit and rollback travel in END_TRANSACTION</td></tr>
 *   <tr><td>0x10, 0x20</td><td>born / store host is IPv6</td><td>ignored: the store sets them from
 *       the real addresses</td></tr>
 *   <tr><td>0x700</td><td>compression: 0 or 3 zlib, 1 LZ4 frame, 2 zstd</td><td>4..7 refused</td></tr>
 * </table>
 *
 * Every other bit (inner batch 0x40/0x80 and all above 0x700) is refused.
 */
final class SendSysFlag {
    static final int COMPRESSED = 0x1;
    static final int MULTI_TAGS = 0x2;
    static final int TRANSACTION_MASK = 0xC;
    static final int TRANSACTION_PREPARED = 0x4;
    static final int HOST_V6_BITS = 0x30;
    static final int COMPRESSION_TYPE_MASK = 0x700;
    static final int PRODUCER_BITS = COMPRESSED | MULTI_TAGS | TRANSACTION_MASK | HOST_V6_BITS | COMPRESSION_TYPE_MASK;

    private static final String TRANSACTION_PROPERTY = "TRAN_MSG";
    private static final int SCRATCH_BYTES = 16 * 1024;

    private SendSysFlag() {}

    /** Why a producer may not send this flag, or null when it may. */
    static String flagProblem(int sysFlag) {
        int unknown = sysFlag & ~PRODUCER_BITS;
        if (unknown != 0) {
            return String.format(
                    "sysFlag 0x%x sets bits a producer may not set (0x%x)",
                    sysFlag & 0xFFFFFFFFL, unknown & 0xFFFFFFFFL);
        }
        int transaction = sysFlag & TRANSACTION_MASK;
        if (transaction != 0 && transaction != TRANSACTION_PREPARED) {
            return String.format(
                    "sysFlag 0x%x carries a transaction commit or rollback; those are sent with END_TRANSACTION",
                    sysFlag);
        }
        int compression = (sysFlag & COMPRESSION_TYPE_MASK) >> 8;
        if (compression > 3) {
            return String.format("sysFlag 0x%x names an unknown compression type %d", sysFlag, compression);
        }
        return null;
    }

    /** Whether the send is a transaction's half message (by flag, or by the TRAN_MSG property). */
    static boolean isTransactionHalf(int sysFlag, String properties) {
        return (sysFlag & TRANSACTION_MASK) == TRANSACTION_PREPARED
                || (properties != null
                        && "true".equalsIgnoreCase(MessageProperties.get(properties, TRANSACTION_PROPERTY)));
    }

    static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED) != 0;
    }

    /**
     * Why a body marked compressed cannot be stored (it does not inflate, or inflates past
     * {@code inflatedMaxBytes}), or null when it inflates. A body not marked compressed is fine.
     */
    static String bodyProblem(int sysFlag, byte[] body, long inflatedMaxBytes) {
        if (!isCompressed(sysFlag)) {
            return null;
        }
        int type = (sysFlag & COMPRESSION_TYPE_MASK) >> 8;
        try {
            long inflated = switch (type) {
                case 1 -> drain(new LZ4FrameInputStream(new ByteArrayInputStream(body)), inflatedMaxBytes);
                case 2 -> drain(new ZstdInputStream(new ByteArrayInputStream(body)), inflatedMaxBytes);
                default -> zlibInflatedBytes(body, inflatedMaxBytes);
            };
            if (inflated < 0) {
                return "the body is marked compressed (" + typeName(type) + ") and inflates past " + inflatedMaxBytes
                        + " bytes";
            }
            return null;
        } catch (IOException | DataFormatException | RuntimeException e) {
            return "the body is marked compressed (" + typeName(type) + ") but does not inflate: " + e.getMessage();
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1 -> "LZ4";
            case 2 -> "zstd";
            default -> "zlib";
        };
    }

    /** Bytes a zlib stream inflates to; -1 past the bound; an exception when it is not whole. */
    private static long zlibInflatedBytes(byte[] body, long maxBytes) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            byte[] scratch = new byte[SCRATCH_BYTES];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(scratch);
                total += n;
                if (total > maxBytes) {
                    return -1;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("the zlib stream ends early");
                }
            }
            return total;
        } finally {
            inflater.end();
        }
    }

    /** Bytes a stream yields; -1 past the bound. */
    private static long drain(InputStream in, long maxBytes) throws IOException {
        try (in) {
            byte[] scratch = new byte[SCRATCH_BYTES];
            long total = 0;
            for (int n; (n = in.read(scratch)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    return -1;
                }
            }
            return total;
        }
    }
}
