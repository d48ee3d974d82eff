/** The RocketMQ-compatible remoting layer: frame codec, commands, headers, RPC client and server. */
package dev.skiff.remoting;
