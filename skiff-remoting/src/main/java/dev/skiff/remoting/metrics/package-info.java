/**
 * The remoting layer's figures as Prometheus snapshots ({@code rocketmq_rpc_latency}); used by
 * servers only, so the Prometheus model stays an optional dependency of this module.
 */
package dev.skiff.remoting.metrics;
