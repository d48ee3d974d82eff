package dev.skiff.bench.harness;

/**
 * What one workload measured against one system.
 *
 * @param system "skiff", "apache" or "null"
 * @param workload the spec's id
 * @param messages messages acknowledged (PRODUCE; one-way: handed to the client) or consumed
 *     (DRAIN, END_TO_END) in the measured window
 * @param sent messages sent in the measured window (END_TO_END; else equal to messages for
 *     PRODUCE, the pre-filled count for DRAIN)
 * @param errors failed sends in the measured window
 * @param seconds length of the measured window
 * @param latency send latency (PRODUCE), receive minus intended send time (END_TO_END), empty
 *     for DRAIN
 * @param brokerCpuSecondsPerMillion broker CPU seconds per million messages in the window, NaN
 *     where the broker's process is not observable
 * @param loadedRssKb broker VmRSS at the end of the window, -1 if unknown
 * @param loadedAnonKb broker RssAnon at the end of the window, -1 if unknown
 * @param clientCpuSecondsPerMillion CPU seconds of the harness JVM (the load-generating clients)
 *     per million messages in the window, NaN where unknown; with {@code --auth} it includes the
 *     official client's request signing, so set beside a run without auth it shows what signing
 *     costs the load generator
 */
public record WorkloadResult(
        String system,
        String workload,
        long messages,
        long sent,
        long errors,
        double seconds,
        int bodyBytes,
        LatencySummary latency,
        double brokerCpuSecondsPerMillion,
        long loadedRssKb,
        long loadedAnonKb,
        double clientCpuSecondsPerMillion) {

    public double messagesPerSecond() {
        return seconds <= 0 ? 0 : messages / seconds;
    }

    public double mebibytesPerSecond() {
        return messagesPerSecond() * bodyBytes / (1024.0 * 1024.0);
    }
}
