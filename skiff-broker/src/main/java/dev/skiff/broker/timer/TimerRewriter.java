package dev.skiff.broker.timer;

import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.BatchRewriter;
import dev.skiff.broker.send.MessageRewriter;
import dev.skiff.broker.send.RewriteRefusedException;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.MessageToStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parks a message that asks for a delivery time (see {@link TimerMessages}) in queue 0 of {@code
 * rmq_sys_wheel_timer}, with {@code TIMER_OUT_MS} (the delivery time), {@code REAL_TOPIC} and
 * {@code REAL_QID} added. A time not in the future leaves the message as it is (delivered at once);
 * a delay longer than {@code timerMaxDelaySec}, or a value that is not a number, is refused with
 * MESSAGE_ILLEGAL (13); with the wheel disabled a timed message is refused with SYSTEM_ERROR (1),
 * as the official broker answers. Left alone: messages with a delay level (the level wins, as in
 * the official broker), transactional half and rollback messages, messages already in the timer
 * topic, and messages that already carry {@code TIMER_OUT_MS} (delivered copies coming back, e.g.
 * as retries). A slot that already holds too many timers refuses more ({@link SlotFlowControl},
 * SYSTEM_ERROR).
 *
 * <p><b>Batches</b> ({@link #rewrite(List)}) stay one contiguous append, so a batch is parked whole
 * or not at all. When no message of it asks for a delivery time it is left alone. When one does,
 * every message must (each may name its own time): the whole batch then goes to the timer topic,
 * each message with its own {@code TIMER_OUT_MS}, {@code REAL_TOPIC} and {@code REAL_QID}, and each
 * fires at its own time; a time not in the future fires at once (within one slot). A batch
 * mixing timed and untimed messages is refused with MESSAGE_ILLEGAL naming the first untimed
 * one, as is a batch with one delay over the limit; nothing of a refused batch is stored. (The
 * official broker stores such a batch at once and ignores the delivery times; Skiff holds them as
 * it holds single sends.)
 */
public final class TimerRewriter implements MessageRewriter, BatchRewriter {
    private static final int TRANSACTION_TYPE_MASK = 0xC;
    private static final int TRANSACTION_PREPARED = 0x4;
    private static final int TRANSACTION_ROLLBACK = 0xC;

    private final boolean enabled;
    private final long maxDelayMs;
    private final SkiffClock clock;
    private final SlotFlowControl flowControl;

    public TimerRewriter(boolean enabled, int maxDelaySec, SkiffClock clock) {
        this(enabled, maxDelaySec, clock, SlotFlowControl.none());
    }

    public TimerRewriter(boolean enabled, int maxDelaySec, SkiffClock clock, SlotFlowControl flowControl) {
        if (maxDelaySec <= 0) {
            throw new IllegalArgumentException("the longest timer delay must be positive: " + maxDelaySec);
        }
        this.enabled = enabled;
        this.maxDelayMs = maxDelaySec * 1000L;
        this.clock = clock;
        this.flowControl = flowControl;
    }

    @Override
    public MessageToStore rewrite(MessageToStore m) {
        String props = m.properties();
        if (!mayBeTimed(m, props)) {
            return m;
        }
        long nowMs = clock.nowMs();
        long deliverMs = requested(props, nowMs, "");
        if (deliverMs == TimerMessages.NOT_TIMED || deliverMs <= nowMs) {
            return m;
        }
        checkDelay(deliverMs, nowMs, "");
        if (flowControl.refuses(deliverMs, 0)) {
            throw new RewriteRefusedException(ResponseCode.SYSTEM_ERROR, flowControl.remark(deliverMs));
        }
        return parked(m, props, deliverMs);
    }

    @Override
    public List<MessageToStore> rewrite(List<MessageToStore> batch) {
        long nowMs = clock.nowMs();
        long[] times = new long[batch.size()];
        int timed = 0;
        for (int i = 0; i < batch.size(); i++) {
            MessageToStore m = batch.get(i);
            times[i] = mayBeTimed(m, m.properties())
                    ? requested(m.properties(), nowMs, "message " + i + " of the batch: ")
                    : TimerMessages.NOT_TIMED;
            if (times[i] != TimerMessages.NOT_TIMED) {
                timed++;
            }
        }
        if (timed == 0) {
            return batch;
        }
        Map<Long, Integer> admittedPerSlot = new HashMap<>();
        List<MessageToStore> parked = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            MessageToStore m = batch.get(i);
            if (times[i] == TimerMessages.NOT_TIMED) {
                throw new RewriteRefusedException(
                        ResponseCode.MESSAGE_ILLEGAL,
                        "timer message illegal: message " + i + " of the batch has no delivery time while " + timed
                                + " others have one; a batch is held whole, so every message of it must have one"
                                + " or send them separately");
            }
            long deliverMs = Math.max(times[i], nowMs);
            checkDelay(deliverMs, nowMs, "message " + i + " of the batch: ");
            int admitted = admittedPerSlot.merge(flowControl.slotOf(deliverMs), 1, Integer::sum) - 1;
            if (flowControl.refuses(deliverMs, admitted)) {
                throw new RewriteRefusedException(
                        ResponseCode.SYSTEM_ERROR, "message " + i + " of the batch: " + flowControl.remark(deliverMs));
            }
            parked.add(parked(m, m.properties(), deliverMs));
        }
        return parked;
    }

    /** The delivery time asked for, {@link TimerMessages#NOT_TIMED} when none; refuses what cannot be served. */
    private long requested(String props, long nowMs, String where) {
        long deliverMs;
        try {
            deliverMs = TimerMessages.requestedDeliverMs(props, nowMs);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RewriteRefusedException(
                    ResponseCode.MESSAGE_ILLEGAL, where + "timer message illegal: the delivery time is not a number");
        }
        if (deliverMs != TimerMessages.NOT_TIMED && !enabled) {
            throw new RewriteRefusedException(
                    ResponseCode.SYSTEM_ERROR,
                    "timer messages are not enabled on this broker (timerWheelEnable=false)");
        }
        return deliverMs;
    }

    private void checkDelay(long deliverMs, long nowMs, String where) {
        if (deliverMs - nowMs > maxDelayMs) {
            throw new RewriteRefusedException(
                    ResponseCode.MESSAGE_ILLEGAL,
                    where + "timer message illegal: the delay of " + (deliverMs - nowMs)
                            + " ms is over the longest allowed, " + maxDelayMs + " ms (timerMaxDelaySec)");
        }
    }

    private static MessageToStore parked(MessageToStore m, String original, long deliverMs) {
        String props = PropertyEdits.with(original, TimerMessages.TIMER_OUT_MS, Long.toString(deliverMs));
        props = PropertyEdits.with(props, PropertyEdits.REAL_TOPIC, m.topic());
        props = PropertyEdits.with(props, PropertyEdits.REAL_QID, Integer.toString(m.queueId()));
        return new MessageToStore(
                SystemTopics.TIMER_TOPIC,
                0,
                m.flag(),
                m.body(),
                props,
                m.sysFlag(),
                m.bornTimestampMs(),
                m.bornHost(),
                m.reconsumeTimes(),
                m.preparedTransactionOffset());
    }

    private static boolean mayBeTimed(MessageToStore m, String props) {
        int transaction = m.sysFlag() & TRANSACTION_TYPE_MASK;
        return transaction != TRANSACTION_PREPARED
                && transaction != TRANSACTION_ROLLBACK
                && !SystemTopics.TIMER_TOPIC.equals(m.topic())
                && !SystemTopics.SCHEDULE_TOPIC.equals(m.topic())
                && MessageProperties.get(props, TimerMessages.TIMER_OUT_MS) == null
                && PropertyEdits.intValue(props, PropertyEdits.DELAY, 0) <= 0;
    }
}
