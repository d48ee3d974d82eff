/**
 * Replication at the broker level, around the log shipping: a slave's copy of its master's
 * metadata ({@link dev.skiff.broker.replica.MetadataCopier}), the master's answers to the official
 * copy requests and to {@code GET_BROKER_HA_STATUS} ({@link
 * dev.skiff.broker.replica.ReplicaAdminProcessor}), the refusal of writes on a slave ({@link
 * dev.skiff.broker.replica.SlaveRefusal}), which broker a pull should go to next ({@link
 * dev.skiff.broker.replica.ReadSuggestion}), and the operator's view of replication ({@link
 * dev.skiff.broker.replica.ReplicationView}).
 */
package dev.skiff.broker.replica;
