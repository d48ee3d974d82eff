/**
 * Queue locks for ordered consumption: a client of a consumer group leases a queue so that only it
 * consumes the queue, in order; leases lapse when not renewed or when the client's connection
 * closes. Serves {@code LOCK_BATCH_MQ} (41) and {@code UNLOCK_BATCH_MQ} (42).
 */
package dev.skiff.broker.lock;
