package dev.skiff.store.log;

import java.util.HashMap;
import java.util.Map;

/**
 * Next queue offset per topic and queue id. Owned by the appender (used under the append lock);
 * set by recovery before appends start. A topic costs one small array, not one object per queue.
 */
public final class QueueOffsetTable {
    private final Map<String, long[]> next = new HashMap<>();
    private final int queuesPerTopicMax;

    public QueueOffsetTable(int queuesPerTopicMax) {
        this.queuesPerTopicMax = queuesPerTopicMax;
    }

    /** Returns the offset for the next record of (topic, queueId) and advances it. */
    long takeNext(String topic, int queueId) {
        long[] arr = array(topic, queueId);
        return arr[queueId]++;
    }

    /** Sets the next offset of a queue (recovery). */
    public void set(String topic, int queueId, long nextOffset) {
        array(topic, queueId)[queueId] = nextOffset;
    }

    /** The next offset of a queue, 0 when unknown. */
    public long peek(String topic, int queueId) {
        long[] arr = next.get(topic);
        return arr == null || queueId >= arr.length ? 0 : arr[queueId];
    }

    /** A copy of the next offsets of {@code topic}'s queues, by queue id; empty when unknown. */
    long[] copyOf(String topic) {
        long[] arr = next.get(topic);
        return arr == null ? new long[0] : arr.clone();
    }

    private long[] array(String topic, int queueId) {
        if (queueId < 0 || queueId >= queuesPerTopicMax) {
            throw new IllegalArgumentException("queue id out of range: " + queueId);
        }
        long[] arr = next.get(topic);
        if (arr == null || arr.length <= queueId) {
            long[] grown = new long[Math.min(queuesPerTopicMax, Math.max(8, (queueId + 1) * 2))];
            if (arr != null) {
                System.arraycopy(arr, 0, grown, 0, arr.length);
            }
            next.put(topic, grown);
            arr = grown;
        }
        return arr;
    }
}
