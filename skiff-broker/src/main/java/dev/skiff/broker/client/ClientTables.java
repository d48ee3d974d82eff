package dev.skiff.broker.client;

/** Limits of the client registries, shared by producers and consumers. */
public record ClientTables(int groupsMax, int clientsPerGroupMax, long channelExpiredTimeoutMs) {

    public ClientTables {
        if (groupsMax < 1 || clientsPerGroupMax < 1 || channelExpiredTimeoutMs < 1) {
            throw new IllegalArgumentException("client table limits must be positive");
        }
    }

    /** 10,000 groups of 10,000 clients each; clients silent for {@code channelExpiredTimeoutMs} expire. */
    public static ClientTables defaults(long channelExpiredTimeoutMs) {
        return new ClientTables(10_000, 10_000, channelExpiredTimeoutMs);
    }
}
