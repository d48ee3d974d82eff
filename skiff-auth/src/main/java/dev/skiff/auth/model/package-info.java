/**
 * The ACL model shared with the official broker: users (super / normal, enabled / disabled),
 * resources and their patterns, actions, policy entries with optional source-address ranges, ACLs
 * per subject, and the immutable {@link dev.skiff.auth.model.AuthSnapshot} request checks read.
 * Wire names (case-insensitive on input) are the official ones: see {@code docs/security.md}.
 */
package dev.skiff.auth.model;
