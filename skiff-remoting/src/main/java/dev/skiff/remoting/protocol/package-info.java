/**
 * What travels on the wire: {@link dev.skiff.remoting.protocol.RemotingCommand}, request and
 * response codes, language codes, and typed access to a command's ext fields.
 */
package dev.skiff.remoting.protocol;
