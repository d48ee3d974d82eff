package dev.skiff.namesrv.route;

/**
 * The registry's change counter: bumped by every change a route, cluster info or topic list could
 * show, which {@link RouteCache} compares to know when an encoded route is stale. Bumped only under
 * {@link RouteRegistry}'s write lock (so no increment is lost); read by any thread (volatile).
 */
final class RouteGeneration {
    private volatile long value;

    long get() {
        return value;
    }

    /** Bumps the counter when {@code changed}. Under the registry's write lock only. */
    void bumpIf(boolean changed) {
        if (changed) {
            value++; // one writer at a time: the write lock
        }
    }
}
