/**
 * The hash index by message key and unique id: fixed-layout index files under {@code index/},
 * written by the dispatcher, queried by time range.
 */
package dev.skiff.store.index;
