package dev.skiff.broker.pull;

import dev.skiff.remoting.protocol.body.SubscriptionData;
import dev.skiff.store.MessageFilter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tag subscription as a store filter. The consume queue keeps {@code String.hashCode} of each
 * message's tag; a subscription to {@code *} takes everything, otherwise an entry passes when its
 * hash is one of the subscription's codes. Hash collisions pass too: the client checks the tag
 * string itself before delivering.
 */
public final class TagFilter implements MessageFilter {
    /** Takes every record. */
    public static final TagFilter ALL = new TagFilter(true, Set.of());

    private final boolean all;
    private final Set<Integer> codes;

    private TagFilter(boolean all, Set<Integer> codes) {
        this.all = all;
        this.codes = codes;
    }

    public static TagFilter of(SubscriptionData subscription) {
        if (subscription.matchesAll()) {
            return ALL;
        }
        Set<Integer> codes = new LinkedHashSet<>(subscription.codeSet());
        if (codes.isEmpty()) {
            subscription.tagsSet().forEach(tag -> codes.add(tag.hashCode()));
        }
        return new TagFilter(false, Set.copyOf(codes));
    }

    /**
     * Parses a tag expression sent with a pull: {@code *} (or empty) for everything, else tags
     * joined by {@code ||} with optional spaces.
     *
     * @throws IllegalArgumentException when no tag is left after splitting
     */
    public static SubscriptionData parse(String topic, String expression) {
        String text = expression == null ? "" : expression.trim();
        if (text.isEmpty() || text.equals(SubscriptionData.SUB_ALL)) {
            return new SubscriptionData(
                    topic, SubscriptionData.SUB_ALL, Set.of(), Set.of(), 0, SubscriptionData.TYPE_TAG, false);
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : text.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
                codes.add(tag.hashCode());
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("tag expression '" + expression + "' names no tag");
        }
        return new SubscriptionData(topic, text, tags, codes, 0, SubscriptionData.TYPE_TAG, false);
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return all || codes.contains((int) tagsCode);
    }
}
