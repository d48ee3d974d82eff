/**
 * The Netty transport: {@link dev.skiff.remoting.netty.NettyRemotingServer} and {@link
 * dev.skiff.remoting.netty.NettyRemotingClient}, which share one request/response core ({@code
 * RemotingEndpoint}): per-channel tables of pending calls matched by opaque, processors on their
 * own executors, connection events on one event thread, and RPC hooks.
 */
package dev.skiff.remoting.netty;
