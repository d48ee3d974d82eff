/** End-to-end broker comparisons with the official client: Skiff against Apache RocketMQ. */
package dev.skiff.bench.broker;
