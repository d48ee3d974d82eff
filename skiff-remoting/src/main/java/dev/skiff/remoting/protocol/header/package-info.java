/**
 * Typed custom headers of the name-server requests and responses. Each record's components are
 * the official header's Java field names, which are the ext-field keys on the wire (see the
 * protocol sheet §2.6 and §3.1); each writes itself explicitly and decodes with validation.
 * Base keys the official client adds ({@code ns}, {@code nsd}, {@code bname}, {@code oway},
 * {@code lo}) are ignored when reading.
 */
package dev.skiff.remoting.protocol.header;
