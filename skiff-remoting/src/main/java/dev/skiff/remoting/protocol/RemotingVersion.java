package dev.skiff.remoting.protocol;

/**
 * Values of the {@code version} header field: the ordinal of the sender's RocketMQ release.
 * Peers use it for feature checks, so Skiff reports a modern release.
 */
public final class RemotingVersion {
    /** RocketMQ 4.9.4: from here on the name server sends route JSON with quoted numeric keys. */
    public static final int V4_9_4 = 401;
    /** RocketMQ 5.3.1: peers above it understand {@code GO_AWAY}. */
    public static final int V5_3_1 = 475;
    /** RocketMQ 5.3.3, what Skiff reports as its own version. */
    public static final int V5_3_3 = 479;

    /** The version Skiff sends in every command it creates. */
    public static final int CURRENT = V5_3_3;

    private RemotingVersion() {}
}
