package dev.skiff.remoting.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The "host:port" address strings of the remoting layer. IPv6 hosts are written in brackets,
 * {@code [::1]:9876}; parsing also accepts the bracket-less form the official code produces
 * ({@code 0:0:0:0:0:0:0:1:9876}), split at the last colon.
 */
public final class Addresses {

    private Addresses() {}

    /** Parses "host:port" into an unresolved address (Netty resolves it when connecting). */
    public static InetSocketAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is required");
        }
        String host;
        String port;
        String trimmed = address.trim();
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0 || close + 1 >= trimmed.length() || trimmed.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("bad address, expected [ipv6]:port: " + address);
            }
            host = trimmed.substring(1, close);
            port = trimmed.substring(close + 2);
        } else {
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad address, expected host:port: " + address);
            }
            host = trimmed.substring(0, colon);
            port = trimmed.substring(colon + 1);
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in address: " + address, e);
        }
        if (portNumber < 0 || portNumber > 65_535) {
            throw new IllegalArgumentException("port out of range in address: " + address);
        }
        return InetSocketAddress.createUnresolved(host, portNumber);
    }

    /** Formats a socket address as "ip:port" ("[ipv6]:port"); {@code ""} for null. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return address == null ? "" : address.toString();
        }
        InetAddress ip = inet.getAddress();
        String host = ip != null ? ip.getHostAddress() : inet.getHostString();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return host + ":" + inet.getPort();
    }
}
