package dev.skiff.remoting;

/**
 * Told about connection life-cycle events. Called off the I/O threads, on one event thread per
 * server or client, in the order the events happened; implementations must not block for long.
 */
public interface ChannelEventListener {

    default void onConnect(RemotingChannel channel) {}

    default void onClose(RemotingChannel channel) {}

    /** The connection was idle past the limit and is being closed. */
    default void onIdle(RemotingChannel channel) {}

    default void onException(RemotingChannel channel, Throwable cause) {}
}
