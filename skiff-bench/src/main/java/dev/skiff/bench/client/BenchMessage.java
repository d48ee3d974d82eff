package dev.skiff.bench.client;

/**
 * One message as the harness wants it sent.
 *
 * @param topic destination
 * @param body payload (shared between messages; never modified)
 * @param tag tag or null
 * @param key message key or null
 * @param stampNs the sender's {@code System.nanoTime()} for end-to-end latency, or -1 (carried in
 *     the {@link #STAMP_PROPERTY} user property; producer and consumer share the harness's JVM)
 */
public record BenchMessage(String topic, byte[] body, String tag, String key, long stampNs) {
    public static final String STAMP_PROPERTY = "benchSentAtNs";
}
