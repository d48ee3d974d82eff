package dev.skiff.auth.model;

/**
 * The resource a policy entry names, in the official key form:
 *
 * <pre>
 *   *                 every resource of every type        (ANY)
 *   Topic:*           every topic                         (ANY of one type)
 *   Topic:order-*     topics whose name starts "order-"   (PREFIXED)
 *   Topic:orders      exactly that topic                  (LITERAL)
 * </pre>
 *
 * Types: {@code Cluster}, {@code Namespace}, {@code Topic}, {@code Group} (case-insensitive).
 * {@link #specificity()} orders matches as the official broker does: a literal name beats a
 * prefix, a longer prefix beats a shorter one, a prefix beats a type wildcard, which beats
 * {@code *}.
 */
public record ResourcePattern(ResourceType type, String name, Kind kind) {
    public static final int NAME_MAX_CHARS = 512;

    /** How the name matches. */
    public enum Kind {
        ANY,
        PREFIXED,
        LITERAL
    }

    public ResourcePattern {
        if (type == null || kind == null) {
            throw new IllegalArgumentException("resource type and kind are required");
        }
        if (kind != Kind.ANY && (name == null || name.isEmpty() || name.length() > NAME_MAX_CHARS)) {
            throw new IllegalArgumentException("resource name must be 1.." + NAME_MAX_CHARS + " characters");
        }
    }

    /** Parses {@code *}, {@code Type:*}, {@code Type:prefix*} or {@code Type:name}. */
    public static ResourcePattern parse(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("resource is blank");
        }
        String text = key.trim();
        if (text.equals("*")) {
            return new ResourcePattern(ResourceType.ANY, null, Kind.ANY);
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("resource must be '*' or Type:name: '" + key + "'");
        }
        ResourceType type = ResourceType.parse(text.substring(0, colon));
        if (type == ResourceType.ANY) {
            throw new IllegalArgumentException("resource type Any is written '*': '" + key + "'");
        }
        String name = text.substring(colon + 1);
        if (name.equals("*")) {
            return new ResourcePattern(type, null, Kind.ANY);
        }
        if (name.endsWith("*")) {
            return new ResourcePattern(type, name.substring(0, name.length() - 1), Kind.PREFIXED);
        }
        return new ResourcePattern(type, name, Kind.LITERAL);
    }

    /** A literal pattern (what a request asks about). */
    public static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, Kind.LITERAL);
    }

    /** Whether a request about {@code (resourceType, resourceName)} is covered by this pattern. */
    public boolean matches(ResourceType resourceType, String resourceName) {
        if (type == ResourceType.ANY) {
            return true;
        }
        if (type != resourceType) {
            return false;
        }
        return switch (kind) {
            case ANY -> true;
            case LITERAL -> name.equals(resourceName);
            case PREFIXED -> resourceName != null && resourceName.startsWith(name);
        };
    }

    /** Higher is more specific; see the class comment. */
    public long specificity() {
        if (type == ResourceType.ANY) {
            return 0;
        }
        return switch (kind) {
            case ANY -> 1;
            case PREFIXED -> 2 + name.length();
            case LITERAL -> Long.MAX_VALUE;
        };
    }

    /** The official key form. */
    public String key() {
        if (type == ResourceType.ANY) {
            return "*";
        }
        return switch (kind) {
            case ANY -> type.wireName() + ":*";
            case PREFIXED -> type.wireName() + ":" + name + "*";
            case LITERAL -> type.wireName() + ":" + name;
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
