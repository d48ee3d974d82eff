/**
 * The storage engine's public face: {@link dev.skiff.store.MessageStore} and its assembly {@link
 * dev.skiff.store.DefaultMessageStore}, the config, and the put/get/query result types. No network
 * code. Components live in the sub-packages.
 */
package dev.skiff.store;
