package dev.skiff.bench.client;

import java.util.List;

/** Closing what a load client opened, when shutting down. */
final class Closeables {
    private Closeables() {}

    /** Closes each of {@code open} in order, whatever the others do, then empties the list. */
    static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down: nothing more to do
            }
        }
        open.clear();
    }
}
