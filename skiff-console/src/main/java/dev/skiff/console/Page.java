package dev.skiff.console;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.List;

/**
 * One page of a list: {@code page} counts from 0; {@code size} is at most the configured {@code
 * consolePageSizeMax}. Every list the API returns goes through a page, so no answer grows with the
 * cluster.
 */
record Page(int page, int size) {
    static final int DEFAULT_SIZE = 20;

    Page {
        if (page < 0 || size < 1) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "page must be >= 0 and size >= 1");
        }
    }

    /** From the {@code page} and {@code size} query parameters (absent: first page of 20, capped). */
    static Page of(Params params, int sizeMax) {
        int page = params.intValue("page", 0, 0, 1_000_000);
        int size = params.intValue("size", Math.min(DEFAULT_SIZE, sizeMax), 1, sizeMax);
        return new Page(page, size);
    }

    /** {@code {"total":n,"page":p,"size":s,"items":[...]}} with the items of this page. */
    JsonObject of(List<? extends JsonValue> all) {
        long from = (long) page * size;
        JsonArray items = new JsonArray();
        for (long i = from; i < Math.min(all.size(), from + size); i++) {
            items.add(all.get((int) i));
        }
        return new JsonObject()
                .put("total", all.size())
                .put("page", page)
                .put("size", size)
                .put("items", items);
    }
}
