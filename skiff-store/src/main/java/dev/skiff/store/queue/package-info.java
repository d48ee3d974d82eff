/**
 * Consume queues: per topic and queue id, fixed 20-byte entries pointing into the commit log,
 * written only by the dispatcher and read by any thread; and the watermarks of deleted topics under
 * {@code queuewatermark/}, which keep a deleted topic's queue offsets until retention has passed the
 * delete.
 */
package dev.skiff.store.queue;
