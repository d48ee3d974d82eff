package dev.skiff.common.message;

/**
 * The offset message id (protocol sheet §5.5): uppercase hex of {@code store host IP (4 | 16) ‖
 * port (4) ‖ commit-log offset (8)}, 32 hex chars for IPv4 and 56 for IPv6.
 */
public final class OffsetMessageId {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A decoded id. */
    public record Decoded(HostAddress storeHost, long physicalOffset) {}

    private OffsetMessageId() {}

    public static String encode(HostAddress storeHost, long physicalOffset) {
        int ipLen = storeHost.isIpv6() ? 16 : 4;
        char[] out = new char[(ipLen + 12) * 2];
        int p = 0;
        for (int i = 0; i < ipLen; i++) {
            p = hexByte(out, p, storeHost.ipByte(i));
        }
        p = hexLong(out, p, storeHost.port(), 4);
        hexLong(out, p, physicalOffset, 8);
        return new String(out);
    }

    public static Decoded decode(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new RecordFormatException("offset message id must be 32 or 56 hex chars");
        }
        int ipLen = id.length() == 32 ? 4 : 16;
        byte[] ip = new byte[ipLen];
        for (int i = 0; i < ipLen; i++) {
            ip[i] = (byte) parseHex(id, i * 2, 2);
        }
        int port = (int) parseHex(id, ipLen * 2, 8);
        if (port < 0 || port > 0xFFFF) {
            throw new RecordFormatException("port out of range in offset message id");
        }
        long offset = parseHex(id, ipLen * 2 + 8, 16);
        return new Decoded(new HostAddress(ip, port), offset);
    }

    private static int hexByte(char[] out, int p, byte b) {
        out[p] = HEX[(b >> 4) & 0xF];
        out[p + 1] = HEX[b & 0xF];
        return p + 2;
    }

    private static int hexLong(char[] out, int p, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            p = hexByte(out, p, (byte) (v >>> (i * 8)));
        }
        return p;
    }

    private static long parseHex(String s, int from, int chars) {
        long v = 0;
        for (int i = from; i < from + chars; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw new RecordFormatException("not a hex digit at " + i);
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
