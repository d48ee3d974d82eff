/**
 * The name server's Prometheus metrics ({@code metricsExporterType=PROM}): {@link
 * dev.skiff.namesrv.metrics.NamesrvMetrics} serves the route registry's figures and the JVM's at
 * {@code /metrics}, read at scrape time. See docs/metrics.md.
 */
package dev.skiff.namesrv.metrics;
