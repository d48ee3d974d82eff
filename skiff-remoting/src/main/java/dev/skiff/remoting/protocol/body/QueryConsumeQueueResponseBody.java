package dev.skiff.remoting.protocol.body;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.util.List;

/**
 * {@code QUERY_CONSUME_QUEUE} (321) body: entries of one consume queue, as {@code mqadmin queryCq}
 * prints them.
 *
 * <pre>{@code
 * {"filterData":"cg@T is not online!","maxQueueIndex":12,"minQueueIndex":0,
 *  "queueData":[{"eval":false,"physicOffset":4096,"physicSize":226,"tagsCode":2598919}],
 *  "subscriptionData":{...}}
 * }</pre>
 *
 * @param subscriptionData the named group's subscription to the topic (official {@code
 *     SubscriptionData} JSON), or null
 * @param filterData a note on the group's filter, or null
 * @param queueData the entries, from the requested index on
 * @param maxQueueIndex the queue offset the next message will get
 * @param minQueueIndex the first queue offset still stored
 */
public record QueryConsumeQueueResponseBody(
        JsonValue subscriptionData, String filterData, List<Entry> queueData, long maxQueueIndex, long minQueueIndex) {

    /**
     * One consume-queue entry.
     *
     * @param physicOffset the record's commit-log offset
     * @param physicSize the record's size in bytes
     * @param tagsCode the tag hash (or delivery time, for the schedule topic) kept in the entry
     */
    public record Entry(long physicOffset, int physicSize, long tagsCode) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("eval", false)
                    .put("physicOffset", physicOffset)
                    .put("physicSize", physicSize)
                    .put("tagsCode", tagsCode);
        }
    }

    public QueryConsumeQueueResponseBody {
        queueData = List.copyOf(queueData);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (filterData != null) {
            json.put("filterData", filterData);
        }
        json.put("maxQueueIndex", maxQueueIndex).put("minQueueIndex", minQueueIndex);
        JsonArray entries = new JsonArray();
        queueData.forEach(e -> entries.add(e.toJson()));
        json.put("queueData", entries);
        if (subscriptionData != null) {
            json.put("subscriptionData", subscriptionData);
        }
        return json;
    }

    public byte[] encode() {
        return Bodies.encode(toJson(), JsonForm.DEFAULT);
    }
}
