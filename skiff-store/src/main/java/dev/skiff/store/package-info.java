/** The storage engine: commit log, consume queues, index, flush, recovery, retention. No network code. */
package dev.skiff.store;
