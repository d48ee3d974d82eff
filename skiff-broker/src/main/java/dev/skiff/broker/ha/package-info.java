/**
 * Replication of the commit log between the brokers of one group over the official broker's
 * classic HA protocol (docs/replication.md): the master's {@link dev.skiff.broker.ha.HaServer} and
 * one {@link dev.skiff.broker.ha.HaConnection} per slave, the slave's {@link
 * dev.skiff.broker.ha.HaClient}, the in-sync set and the wait of sync sends for their slaves
 * ({@link dev.skiff.broker.ha.SyncReplicator}), and {@link dev.skiff.broker.ha.Replication}, the one
 * object {@code BrokerServer} wires. The network and the broker's rules live here, in the broker
 * module, because the store must not depend on sockets; the bytes themselves are read and written
 * through the store's {@link dev.skiff.store.ReplicaLog} seam.
 */
package dev.skiff.broker.ha;
