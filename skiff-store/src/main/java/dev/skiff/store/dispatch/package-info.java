/**
 * The dispatcher: one thread that follows the commit log behind the writer, appends consume-queue
 * entries and index entries, and tells a listener (the broker's long polling) of each arrival.
 */
package dev.skiff.store.dispatch;
