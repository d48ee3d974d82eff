/**
 * The Skiff web console: an HTTP server ({@link dev.skiff.console.ConsoleServer}) of plain static
 * pages and a small JSON API over a cluster it reads through the wire protocol, as an admin client
 * does: the name servers for brokers and topics, every master for topic offsets, groups, lag and
 * message lookups. Read-only unless {@code consoleWriteEnabled} is set; every list is paged and
 * bounded. Runs as {@code skiff console} or beside {@code skiff standalone}.
 */
package dev.skiff.console;
