package dev.skiff.common.message;

/**
 * Tag hash codes (protocol sheet §5.6): Java {@link String#hashCode()} of the tag, widened to the
 * 8-byte field of a consume-queue entry. A message without a tag has code 0.
 */
public final class TagHash {
    private TagHash() {}

    /** The code stored in the consume queue for {@code tag}; 0 for null or empty. */
    public static long of(String tag) {
        if (tag == null || tag.isEmpty()) {
            return 0L;
        }
        return tag.hashCode();
    }
}
