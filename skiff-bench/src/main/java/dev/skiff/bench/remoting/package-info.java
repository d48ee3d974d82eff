/** JMH benchmarks of the remoting frame codec, Skiff's next to the official RocketMQ codec. */
package dev.skiff.bench.remoting;
