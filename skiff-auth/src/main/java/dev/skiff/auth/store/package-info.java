/**
 * Where users and ACLs live: the published immutable snapshot, the atomically written
 * {@code auth.json}, and the JSON shapes (the official UserInfo / AclInfo) shared by file and wire.
 */
package dev.skiff.auth.store;
