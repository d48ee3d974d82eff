/**
 * The metrics endpoint shared by the Skiff servers: {@link dev.skiff.common.metrics.MetricsEndpoint}
 * serves a Prometheus registry over HTTP ({@code /metrics}, text format), {@link
 * dev.skiff.common.metrics.JvmMetrics} adds heap, non-heap, direct and mapped memory and threads,
 * and {@link dev.skiff.common.metrics.Snapshots} builds the library's snapshot types in one line.
 *
 * <p>The Prometheus Java client (model and HTTP exporter, 1.x) is an optional dependency of this
 * module: only the servers that expose metrics declare it, so client-facing code never pulls it in.
 */
package dev.skiff.common.metrics;
