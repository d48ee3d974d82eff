package dev.skiff.broker.ha;

import dev.skiff.auth.model.IpRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The source addresses a master's HA port accepts slaves from ({@code haSlaveAllowList}): numeric
 * addresses and CIDR blocks, comma-separated ({@code 10.0.0.0/8, 192.168.1.7, fd00::/8}); empty
 * means any address. IPv4 and IPv6 never match each other (an IPv4-mapped IPv6 peer is compared as
 * IPv4). At most {@value #RANGES_MAX} entries. It works with or without {@code haTlsEnable}.
 */
public final class HaAllowList {
    static final int RANGES_MAX = 256;

    private final List<IpRange> ranges;

    private HaAllowList(List<IpRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses the key's value.
     *
     * @throws IllegalArgumentException naming a malformed entry or too many entries
     */
    public static HaAllowList parse(String text) {
        List<IpRange> ranges = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    ranges.add(IpRange.parse(part.trim()));
                }
            }
        }
        if (ranges.size() > RANGES_MAX) {
            throw new IllegalArgumentException("haSlaveAllowList holds more than " + RANGES_MAX + " entries");
        }
        return new HaAllowList(ranges);
    }

    /** Whether any address may connect (the list is empty). */
    boolean acceptsAny() {
        return ranges.isEmpty();
    }

    /** Whether a slave connecting from {@code address} may replicate. */
    boolean allows(InetAddress address) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (IpRange range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "any" : ranges.toString();
    }
}
