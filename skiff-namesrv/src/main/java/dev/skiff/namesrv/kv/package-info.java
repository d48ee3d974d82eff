/** The name server's key/value configuration by namespace, persisted atomically to {@code kvConfig.json}. */
package dev.skiff.namesrv.kv;
