package dev.skiff.store;

/** Outcome of an append. */
public enum PutStatus {
    /** Stored (and flushed, with sync flush). */
    PUT_OK,
    /** Stored, but the sync flush did not finish within the timeout. */
    FLUSH_DISK_TIMEOUT,
    /** Refused: topic, queue id, body or record size out of bounds. */
    MESSAGE_ILLEGAL,
    /** Stored (and flushed per the flush mode), but too few slaves confirmed it in time (sync replication). */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored, but fewer in-sync slaves are connected than sync replication needs. */
    SLAVE_NOT_AVAILABLE,
    /** Refused: encoded properties longer than 32767 bytes. */
    PROPERTIES_SIZE_EXCEEDED,
    /** Refused: disk use is above the refuse-writes ratio. */
    DISK_FULL,
    /** Refused: the store is not running. */
    SERVICE_NOT_AVAILABLE,
    /**
     * Not appended, nothing changed: the append would have had to wait, and the caller asked it not
     * to ({@link MessageStore#appendWithoutWaiting}). The caller retries where it may wait.
     */
    WOULD_WAIT,
    /**
     * Refused, or not confirmed on the device: a write or force of the commit log failed, and the
     * store stopped writing until a restart ({@link StoreHealth}). A sync writer told this must
     * treat its message as not stored.
     */
    STORE_FAILED
}
