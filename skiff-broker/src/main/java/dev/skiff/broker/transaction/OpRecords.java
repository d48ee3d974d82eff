package dev.skiff.broker.transaction;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.store.MessageToStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records of {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} queue 0, each saying that half messages are
 * decided (committed, rolled back, or given up after too many checks):
 *
 * <pre>
 * topic       RMQ_SYS_TRANS_OP_HALF_TOPIC, queue 0
 * properties  TAGS=d
 * body        ASCII decimal half-topic queue offsets, separated by ',' (Skiff writes one per record;
 *             readers accept many and a trailing ',')
 * sysFlag     0
 * </pre>
 *
 * The layout is the official broker's, so either broker can read the other's decisions.
 */
final class OpRecords {
    /** Offsets read from one op record at most; a longer body is read up to this many. */
    static final int OFFSETS_PER_RECORD_MAX = 4_096;

    private static final String PROPERTIES = MessageProperties.TAGS
            + MessageProperties.NAME_VALUE_SEPARATOR
            + TransactionNames.OP_TAG
            + MessageProperties.PROPERTY_SEPARATOR;

    private OpRecords() {}

    /** The op record saying the half message at {@code halfOffset} is decided. */
    static MessageToStore decided(long halfOffset, long nowMs, HostAddress host) {
        if (halfOffset < 0) {
            throw new IllegalArgumentException("negative half offset " + halfOffset);
        }
        byte[] body = Long.toString(halfOffset).getBytes(StandardCharsets.US_ASCII);
        return new MessageToStore(SystemTopics.TRANS_OP_HALF_TOPIC, 0, 0, body, PROPERTIES, 0, nowMs, host, 0, 0);
    }

    /**
     * The half offsets an op record names, at most {@link #OFFSETS_PER_RECORD_MAX}; entries that are
     * not non-negative numbers are skipped (counted by the caller through a shorter result).
     */
    static long[] offsets(byte[] body) {
        long[] out = new long[Math.min(OFFSETS_PER_RECORD_MAX, body.length / 2 + 1)];
        int n = 0;
        long value = 0;
        int digits = 0;
        boolean bad = false;
        for (int i = 0; i <= body.length && n < out.length; i++) {
            byte b = i < body.length ? body[i] : (byte) ',';
            if (b == ',') {
                if (digits > 0 && !bad) {
                    out[n++] = value;
                }
                value = 0;
                digits = 0;
                bad = false;
            } else if (b >= '0' && b <= '9' && digits < 18) {
                value = value * 10 + (b - '0');
                digits++;
            } else {
                bad = true;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
