/**
 * The {@code bin/skiff bench} commands: {@code compare} (Apache RocketMQ then Skiff, same
 * workloads, one table), {@code run} (the workloads against one target) and {@code limits} (the
 * machine's ceilings).
 */
package dev.skiff.bench.cli;
