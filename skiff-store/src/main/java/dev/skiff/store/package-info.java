/**
 * The storage engine's API: {@link dev.skiff.store.MessageStore} and the types callers exchange
 * with it — the config, messages to store, put/get/query results and receipts, flush listeners,
 * health, disk usage, recovery's summary and the {@link dev.skiff.store.ReplicaLog} seam. No
 * network code, and nothing here depends on a sub-package: the components in the sub-packages
 * ({@code log}, {@code queue}, {@code index}, {@code dispatch}, {@code recovery}, {@code
 * retention}, {@code file}) depend on this package, and {@code dev.skiff.store.engine} assembles
 * them into the one implementation. {@code StorePackageCycleTest} keeps it so.
 */
package dev.skiff.store;
