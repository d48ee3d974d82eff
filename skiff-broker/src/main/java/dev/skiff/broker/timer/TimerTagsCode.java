package dev.skiff.broker.timer;

import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.store.dispatch.TagsCodeFunction;

/**
 * The consume-queue tag code of the timer topic: the delivery time from {@code TIMER_OUT_MS}
 * (0 when missing or not a plain decimal, which the timer then delivers at once). Every other
 * topic is left to {@code others}. Parses the digits in place: no allocation on the dispatcher
 * thread.
 */
public final class TimerTagsCode implements TagsCodeFunction {
    private static final int DIGITS_MAX = 18;

    private final TagsCodeFunction others;

    public TimerTagsCode(TagsCodeFunction others) {
        this.others = others;
    }

    @Override
    public long tagsCode(String topic, int queueId, RecordProperties properties, long storeTimestampMs) {
        if (!SystemTopics.TIMER_TOPIC.equals(topic)) {
            return others.tagsCode(topic, queueId, properties, storeTimestampMs);
        }
        int start = properties.valueStart(TimerMessages.TIMER_OUT_MS);
        if (start < 0) {
            return 0;
        }
        int end = properties.valueEnd(start);
        if (end <= start || end - start > DIGITS_MAX) {
            return 0;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = properties.byteAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return 0;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
