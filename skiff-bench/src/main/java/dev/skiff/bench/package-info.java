/** Benchmarks: JMH micro-benchmarks and end-to-end comparisons with Apache RocketMQ. */
package dev.skiff.bench;
