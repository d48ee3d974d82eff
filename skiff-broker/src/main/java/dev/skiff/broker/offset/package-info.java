/**
 * Consumer offsets per group and queue, persisted; the offset request processors: committed
 * offsets ({@code QUERY_CONSUMER_OFFSET} 14, {@code UPDATE_CONSUMER_OFFSET} 15) and queue bounds
 * from the store ({@code SEARCH_OFFSET_BY_TIMESTAMP} 29, {@code GET_MAX_OFFSET} 30,
 * {@code GET_MIN_OFFSET} 31, {@code GET_EARLIEST_MSG_STORETIME} 32).
 */
package dev.skiff.broker.offset;
