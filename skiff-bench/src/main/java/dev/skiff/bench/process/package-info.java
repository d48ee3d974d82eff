/**
 * Servers under test as child processes: Skiff from its distribution folder, Apache RocketMQ from
 * jars resolved out of Maven Central, each in its own JVM with the same heap, started and
 * stopped by PID.
 */
package dev.skiff.bench.process;
