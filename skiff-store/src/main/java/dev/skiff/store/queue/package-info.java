/**
 * Consume queues: per topic and queue id, fixed 20-byte entries pointing into the commit log,
 * written only by the dispatcher and read by any thread.
 */
package dev.skiff.store.queue;
