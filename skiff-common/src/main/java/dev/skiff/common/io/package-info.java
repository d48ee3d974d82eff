/**
 * Small file utilities: atomic replacement with one backup ({@link dev.skiff.common.io.AtomicFile})
 * and the persisted JSON tables built on it ({@link dev.skiff.common.io.JsonTableFile}: bounded
 * size, backup fallback on damage).
 */
package dev.skiff.common.io;
