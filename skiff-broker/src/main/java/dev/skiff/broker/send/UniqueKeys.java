package dev.skiff.broker.send;

import dev.skiff.common.message.HostAddress;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes {@code UNIQ_KEY} values for messages that arrive without one (non-Java clients, old
 * tools). Same length as a client id (32 hex chars for IPv4): host address, 2 bytes of the
 * process id, then a 6-byte counter seeded from the start time, so ids stay unique across
 * restarts of the same broker.
 */
final class UniqueKeys {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final byte[] prefix;
    private final AtomicLong counter;

    UniqueKeys(HostAddress host, long startMs) {
        byte[] ip = host.ip();
        prefix = new byte[ip.length + 2];
        System.arraycopy(ip, 0, prefix, 0, ip.length);
        long pid = ProcessHandle.current().pid();
        prefix[ip.length] = (byte) (pid >>> 8);
        prefix[ip.length + 1] = (byte) pid;
        counter = new AtomicLong(startMs << 12);
    }

    String next() {
        long n = counter.incrementAndGet();
        byte[] id = new byte[prefix.length + 8];
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        for (int i = 0; i < 8; i++) {
            id[prefix.length + i] = (byte) (n >>> (56 - 8 * i));
        }
        return HEX.formatHex(id);
    }
}
