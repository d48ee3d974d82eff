/**
 * The RPC layer Skiff's servers and clients share: {@link dev.skiff.remoting.RemotingServer} and
 * {@link dev.skiff.remoting.RemotingClient}, request processors with their own bounded
 * executors, channels on which either side can send requests, and the seams for request signing
 * ({@link dev.skiff.remoting.RpcHook}) and TLS ({@link dev.skiff.remoting.TlsSettings}, built from the
 * official {@code tls.*} keys by {@link dev.skiff.remoting.TlsOptions}).
 */
package dev.skiff.remoting;
