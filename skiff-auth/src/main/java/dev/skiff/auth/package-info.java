/**
 * Authentication and authorization compatible with the official ACL 2.0: the settings (official
 * key names), the request guard a broker or name server installs, and the assembly that builds
 * them ({@link dev.skiff.auth.ServerAuth}). Formats and tables: {@code docs/security.md}.
 */
package dev.skiff.auth;
