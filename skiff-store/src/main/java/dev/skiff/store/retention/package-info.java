/** Retention: deletes expired commit-log segments, then the consume-queue and index files that follow them, and watches disk use. */
package dev.skiff.store.retention;
