/**
 * The broker's Prometheus metrics ({@code metricsExporterType=PROM}): {@link
 * dev.skiff.broker.metrics.BrokerMetrics} assembles the registry and the endpoint; {@link
 * dev.skiff.broker.metrics.TrafficMetrics}, {@link dev.skiff.broker.metrics.ConsumerLagMetrics} and
 * {@link dev.skiff.broker.metrics.BrokerStateMetrics} expose the official broker's metric names and
 * labels; {@link dev.skiff.broker.metrics.SkiffBrokerMetrics} the {@code skiff_} ones. Everything
 * is read at scrape time from counters the broker keeps anyway; the only hot-path instrument of
 * this package, {@link dev.skiff.broker.metrics.MessageSizeHistogram}, adds to one striped
 * {@code LongAdder} per stored message. See docs/metrics.md.
 */
package dev.skiff.broker.metrics;
