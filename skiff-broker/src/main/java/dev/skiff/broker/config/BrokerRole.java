package dev.skiff.broker.config;

import java.util.Locale;

/** A broker's place in its group, named as in the official {@code brokerRole} key. */
public enum BrokerRole {
    /** Answers a send once it is stored locally; slaves copy it afterwards. */
    ASYNC_MASTER,
    /** Answers a send once enough in-sync slaves have it too. */
    SYNC_MASTER,
    /** Copies its master's commit log; refuses sends. */
    SLAVE;

    /** Parses a config value, case-insensitively; a clear error names the choices. */
    public static BrokerRole parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (BrokerRole role : values()) {
            if (role.name().equals(t)) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                "broker config 'brokerRole' must be ASYNC_MASTER, SYNC_MASTER or SLAVE: '" + text + "'");
    }
}
