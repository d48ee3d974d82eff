/**
 * The name server process: {@link dev.skiff.namesrv.NamesrvServer} wires the registry, KV store,
 * processors, liveness scan and transport; {@link dev.skiff.namesrv.NamesrvMain} is the command
 * line entry ({@code skiff namesrv}).
 */
package dev.skiff.namesrv;
