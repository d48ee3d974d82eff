/**
 * The machine's ceilings, measured in the same run as the comparison: data-disk write bandwidth
 * with and without fsync, loopback TCP bandwidth, and the {@link dev.skiff.bench.limits.NullBroker}
 * (a server that speaks the protocol and stores nothing).
 */
package dev.skiff.bench.limits;
