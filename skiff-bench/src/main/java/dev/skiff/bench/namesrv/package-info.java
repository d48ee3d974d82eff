/** Name-server benchmarks: route lookups by the official client against Skiff and Apache RocketMQ. */
package dev.skiff.bench.namesrv;
