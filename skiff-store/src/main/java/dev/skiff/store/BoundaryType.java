package dev.skiff.store;

/** Which end of a run of equal timestamps an offset-by-time lookup returns. */
public enum BoundaryType {
    /** The first offset whose store time is at or after the timestamp (max offset if none). */
    LOWER,
    /** The last offset whose store time is at or before the timestamp (min offset if none). */
    UPPER
}
