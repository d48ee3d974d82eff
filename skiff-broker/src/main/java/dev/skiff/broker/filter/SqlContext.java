package dev.skiff.broker.filter;

/**
 * The properties of the message being evaluated, looked up at most once each: {@link SqlNode.Property}
 * nodes hold a slot number given at compile time, and this context asks the {@link
 * PropertySource} for a slot's name the first time it is read (or is given all values up front,
 * read in one pass over a stored record). One context per message, on the evaluating thread.
 */
final class SqlContext {
    private final String[] names;
    private final PropertySource source;
    private final String[] values;
    private final boolean[] loaded;

    SqlContext(String[] names, PropertySource source) {
        this.names = names;
        this.source = source;
        this.values = new String[names.length];
        this.loaded = new boolean[names.length];
    }

    /** A context whose values were all read already (slot order). */
    SqlContext(String[] values) {
        this.names = null;
        this.source = null;
        this.values = values;
        this.loaded = null;
    }

    String value(int slot) {
        if (loaded != null && !loaded[slot]) {
            values[slot] = source.get(names[slot]);
            loaded[slot] = true;
        }
        return values[slot];
    }
}
