package dev.skiff.common.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * An IP address (4 or 16 bytes) and a port as stored in a record's born-host and store-host
 * fields: the address bytes followed by a 4-byte port. Immutable: the bytes are copied in.
 */
public final class HostAddress {
    private final byte[] ip;
    private final int port;

    public HostAddress(byte[] ip, int port) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("ip must be 4 or 16 bytes: " + ip.length);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.ip = ip.clone();
        this.port = port;
    }

    /** The address of a resolved socket address. */
    public static HostAddress of(InetSocketAddress address) {
        InetAddress inet = address.getAddress();
        if (inet == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        return new HostAddress(inet.getAddress(), address.getPort());
    }

    public boolean isIpv6() {
        return ip.length == 16;
    }

    public int port() {
        return port;
    }

    /** A copy of the address bytes. */
    public byte[] ip() {
        return ip.clone();
    }

    /** Bytes the field takes in a stored record: address + 4-byte port. */
    public int storedLength() {
        return ip.length + 4;
    }

    /** Reads the address at {@code index} (as in {@link java.nio.ByteBuffer#get(int)}). */
    public byte ipByte(int index) {
        return ip[index];
    }

    public InetSocketAddress toSocketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always form an address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAddress h && h.port == port && Arrays.equals(h.ip, ip);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ip) * 31 + port;
    }

    @Override
    public String toString() {
        return toSocketAddress().getAddress().getHostAddress() + ":" + port;
    }
}
