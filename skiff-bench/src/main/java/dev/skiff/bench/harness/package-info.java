/**
 * The load harness's pure parts: workload specs, the fixed-rate pacer, latency recording and
 * aggregation, the progress line, result records, the compare table with its ratios and goals,
 * and the JSON / CSV / SVG writers. Nothing here opens a socket, so all of it is unit-tested.
 */
package dev.skiff.bench.harness;
