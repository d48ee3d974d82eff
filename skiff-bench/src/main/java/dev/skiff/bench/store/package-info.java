/** JMH benchmarks and the heap-bound check of the storage engine (see README-store.md). */
package dev.skiff.bench.store;
