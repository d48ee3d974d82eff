/** The checkpoint file and crash recovery of commit log, consume queues and index. */
package dev.skiff.store.recovery;
