package dev.skiff.remoting.protocol.body;

/** How a topic's messages are tagged; sent by name. */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG;

    /** Parses the name; null or unknown text gives {@link #SINGLE_TAG}, the official default. */
    public static TopicFilterType parse(String name) {
        return "MULTI_TAG".equals(name) ? MULTI_TAG : SINGLE_TAG;
    }
}
