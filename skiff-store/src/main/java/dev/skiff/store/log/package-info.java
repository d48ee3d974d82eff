/**
 * The commit log: record encoding outside the append lock, the single appender that patches
 * offsets and copies records into the mapped segment, queue-offset assignment, and the flush
 * service (async interval flush, sync group commit).
 */
package dev.skiff.store.log;
