/**
 * The Netty transport: {@link dev.skiff.remoting.netty.NettyRemotingServer} and {@link
 * dev.skiff.remoting.netty.NettyRemotingClient}, which share one request/response core ({@code
 * RemotingEndpoint}): per-channel tables of pending calls matched by opaque, processors on their
 * own executors, connection events on one event thread, and RPC hooks. TLS: {@code TlsSupport}
 * builds the SSL contexts, {@code TlsModeDetector} tells TLS from plain connections by their first
 * byte and applies the server's mode, {@link dev.skiff.remoting.netty.TlsRefusals} counts refusals.
 */
package dev.skiff.remoting.netty;
