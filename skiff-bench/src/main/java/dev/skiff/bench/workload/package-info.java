/**
 * The eight standard workloads and the runner that drives one of them against a target through a
 * {@link dev.skiff.bench.client.LoadClient}, sampling the broker process's CPU and memory.
 */
package dev.skiff.bench.workload;
