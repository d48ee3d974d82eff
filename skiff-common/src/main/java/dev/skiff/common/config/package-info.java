/** Typed reading of properties-based configuration against a table of known keys. */
package dev.skiff.common.config;
