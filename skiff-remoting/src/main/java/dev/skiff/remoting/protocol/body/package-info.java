/**
 * JSON bodies of the name-server protocol (sheet §6.2–6.4), as immutable records with explicit
 * {@code toJson}/{@code fromJson} over {@link dev.skiff.common.json} — no reflection. Member names
 * and types are those of the official classes, so the broker and client reuse them. Readers are as
 * lenient as fastjson (numbers as strings, quoted or unquoted numeric keys, missing members take
 * the official defaults); a body that is not JSON or holds a member of the wrong type throws
 * {@link dev.skiff.remoting.protocol.body.BodyFormatException} naming the body and the problem.
 */
package dev.skiff.remoting.protocol.body;
