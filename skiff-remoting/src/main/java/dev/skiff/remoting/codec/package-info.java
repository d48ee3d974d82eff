/**
 * The wire codec of the remoting protocol: length-prefixed frames ({@link
 * dev.skiff.remoting.codec.FrameDecoder}, {@link dev.skiff.remoting.codec.FrameEncoder}) and the
 * two header encodings, JSON ({@link dev.skiff.remoting.codec.JsonHeaderWriter}, {@link
 * dev.skiff.remoting.codec.JsonHeaderReader}, on the common {@link
 * dev.skiff.common.json.JsonCursor}) and the ROCKETMQ binary layout ({@link
 * dev.skiff.remoting.codec.BinaryHeaderCodec}). Every length read from the wire is checked
 * against the frame before anything is allocated from it; {@link dev.skiff.remoting.codec.FrameLimits}
 * bounds, across all connections of a server, the bytes held in frames still arriving and the
 * time one frame may take.
 */
package dev.skiff.remoting.codec;
