/**
 * The store's implementation: {@link dev.skiff.store.engine.DefaultMessageStore} wires commit
 * log, consume queues, index, dispatcher, flush, checkpoint, recovery and retention into a {@link
 * dev.skiff.store.MessageStore}, with the helpers only it needs (its duty lock, the queue and
 * record readers, the read lease over mapped segments, the wait for log growth). It is the top of
 * the store's package graph: it depends on the API and on every component package, and nothing in
 * skiff-store depends on it. Callers outside construct it here and otherwise speak to the {@code
 * MessageStore} interface.
 */
package dev.skiff.store.engine;
