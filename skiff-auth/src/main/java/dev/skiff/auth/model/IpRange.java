package dev.skiff.auth.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A source-address condition of a policy entry: one address ({@code 10.1.2.3}, {@code ::1}) or a
 * CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}). Only numeric addresses are accepted (no name
 * lookups). IPv4 and IPv6 never match each other.
 */
public final class IpRange {
    private final String text;
    private final byte[] network;
    private final int prefixBits;

    private IpRange(String text, byte[] network, int prefixBits) {
        this.text = text;
        this.network = network;
        this.prefixBits = prefixBits;
    }

    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("source ip is blank");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = numericAddress(slash < 0 ? trimmed : trimmed.substring(0, slash), text);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in source ip '" + text + "'");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be 0.." + bits + " in '" + text + "'");
            }
        }
        return new IpRange(trimmed, mask(address, prefix), prefix);
    }

    /** The numeric form of an address, or {@code null} when {@code ip} is not a numeric address. */
    public static byte[] addressBytes(String ip) {
        try {
            return numericAddress(ip, ip);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] numericAddress(String ip, String whole) {
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        boolean numeric = !bare.isEmpty()
                && (bare.indexOf(':') >= 0 || bare.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
        if (!numeric) {
            throw new IllegalArgumentException("source ip must be a numeric address or CIDR block: '" + whole + "'");
        }
        try {
            return InetAddress.getByName(bare).getAddress(); // numeric: parsed, no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("source ip must be a numeric address or CIDR block: '" + whole + "'");
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    /** Whether {@code address} (raw bytes, 4 or 16) lies in this range. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixBits), network);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range
                && range.prefixBits == prefixBits
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        return text;
    }
}
