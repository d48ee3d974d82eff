/**
 * Message encodings shared by the broker, the store and the client: the properties string, the
 * stored-record layout and its decoder, offset message ids and tag hash codes. Java 17, no Netty.
 */
package dev.skiff.common.message;
