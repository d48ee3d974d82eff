package dev.skiff.broker.admin;

import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonReader;
import dev.skiff.remoting.protocol.body.DataVersion;
import java.util.List;

/**
 * One page of a name-ordered table for the paged "get all" requests of 5.3.2+ clients (topic
 * configs, subscription groups). The client sends the index of the next entry, a page size and the
 * data version its earlier pages came from; when that version is no longer the table's, the page
 * starts again at index 0 (the client notices the new version and starts over too). A request
 * without any paging field gets the whole table, as older clients expect.
 */
final class MetadataPage {
    /** Largest page served, whatever the client asks for. */
    static final int PAGE_MAX = 2_000;

    private MetadataPage() {}

    /** The slice of {@code sortedEntries} to answer. */
    static <T> List<T> select(
            List<T> sortedEntries, DataVersion current, Integer seq, Integer max, String clientVersion) {
        if (seq == null && max == null && clientVersion == null) {
            return sortedEntries;
        }
        int begin = seq == null || seq < 0 || !current.equals(parse(clientVersion)) ? 0 : seq;
        int size = max == null || max <= 0 ? PAGE_MAX : Math.min(max, PAGE_MAX);
        if (begin >= sortedEntries.size()) {
            return List.of();
        }
        return sortedEntries.subList(begin, Math.min(sortedEntries.size(), begin + size));
    }

    private static DataVersion parse(String json) {
        if (json == null || json.isBlank() || json.length() > 1_000) {
            return null;
        }
        try {
            return DataVersion.fromJson(JsonReader.parse(json, JsonReader.Limits.DEFAULT));
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }
}
