/**
 * Side-by-side benchmarks of broker features, Skiff against Apache RocketMQ 5.5.0, both driven by
 * the official Java client with the same settings: replication (a master and one slave, SYNC and
 * ASYNC), timers (many pending, then a burst falling due together), transactions (half + commit)
 * and SQL92 property filters. Each workload starts its own name server and broker(s) per system
 * through {@link dev.skiff.bench.process.Servers}, so the topology and the heap can differ from
 * the plain {@code compare} sessions. {@code bin/skiff bench features} runs them.
 */
package dev.skiff.bench.feature;
