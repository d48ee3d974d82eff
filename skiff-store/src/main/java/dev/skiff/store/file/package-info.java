/**
 * Memory-mapped files: a reference-counted segment mapped with the FFM API, a queue of fixed-size
 * segments named by their 20-digit start offset, and the background allocator that pre-creates
 * the next segment.
 */
package dev.skiff.store.file;
