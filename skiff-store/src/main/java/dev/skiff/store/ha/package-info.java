/**
 * The store's side of replication: the seams through which a master's log bytes are read and a
 * slave's log is written. Everything here touches log bytes and nothing here knows about sockets;
 * the replication protocol, its connections and the broker wiring live in {@code
 * dev.skiff.broker.ha}, so that the store keeps no network dependency (ARCHITECTURE.md §2).
 */
package dev.skiff.store.ha;
