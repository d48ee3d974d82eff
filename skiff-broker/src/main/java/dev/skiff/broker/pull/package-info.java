/**
 * Pulls: {@code PULL_MESSAGE} (11) and {@code LITE_PULL_MESSAGE} (361) with tag filtering, the
 * offset-status table, long polling of empty pulls, and zero-copy responses that send the
 * store's mapped records without copying them to the heap.
 */
package dev.skiff.broker.pull;
