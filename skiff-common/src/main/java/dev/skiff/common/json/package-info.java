/**
 * A small JSON tree, lenient reader and configurable writer that speak the dialect of fastjson,
 * the JSON library official RocketMQ peers use.
 *
 * <p>fastjson goes beyond JSON in three ways that matter on the wire: map keys that are numbers
 * are written without quotes ({@code {0:"127.0.0.1:10911"}}), map keys that are objects are
 * written as the object itself ({@code {{"brokerName":"b","queueId":1,"topic":"t"}:42}}), and its
 * reader accepts unquoted keys and single-quoted strings. {@link dev.skiff.common.json.JsonReader}
 * accepts all of these within explicit {@link dev.skiff.common.json.JsonReader.Limits}; {@link
 * dev.skiff.common.json.JsonWriter} produces either the fastjson default form or the "standard"
 * form (quoted numeric keys, large longs as strings) chosen by {@link
 * dev.skiff.common.json.JsonWriteOptions}.
 *
 * <p>The grammar is written once, in the pull reader {@link dev.skiff.common.json.JsonCursor}
 * (UTF-8 bytes in, bounded depth and length): {@link dev.skiff.common.json.JsonReader} builds
 * trees with it, and the remoting codec reads command headers member by member with it, turning
 * byte runs into strings through a {@link dev.skiff.common.json.JsonStrings} cache.
 *
 * <p>Object members keep insertion order; a key is a {@link java.lang.String}, a {@link
 * dev.skiff.common.json.JsonNumber} (numeric key) or a {@link dev.skiff.common.json.JsonObject} /
 * {@link dev.skiff.common.json.JsonArray} (object key).
 */
package dev.skiff.common.json;
