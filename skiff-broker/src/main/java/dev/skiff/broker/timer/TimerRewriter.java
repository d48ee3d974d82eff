package dev.skiff.broker.timer;

import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.broker.send.MessageRewriter;
import dev.skiff.broker.send.RewriteRefusedException;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.MessageToStore;

/**
 * Parks a message that asks for a delivery time (see {@link TimerMessages}) in queue 0 of {@code
 * rmq_sys_wheel_timer}, with {@code TIMER_OUT_MS} (the delivery time), {@code REAL_TOPIC} and
 * {@code REAL_QID} added. A time not in the future leaves the message as it is (delivered at once);
 * a delay longer than {@code timerMaxDelaySec}, or a value that is not a number, is refused with
 * MESSAGE_ILLEGAL (13); with the wheel disabled a timed message is refused with SYSTEM_ERROR (1),
 * as the official broker answers. Left alone: messages with a delay level (the level wins, as in
 * the official broker), transactional half and rollback messages, messages already in the timer
 * topic, and messages that already carry {@code TIMER_OUT_MS} (delivered copies coming back, e.g.
 * as retries).
 */
public final class TimerRewriter implements MessageRewriter {
    private static final int TRANSACTION_TYPE_MASK = 0xC;
    private static final int TRANSACTION_PREPARED = 0x4;
    private static final int TRANSACTION_ROLLBACK = 0xC;

    private final boolean enabled;
    private final long maxDelayMs;
    private final SkiffClock clock;

    public TimerRewriter(boolean enabled, int maxDelaySec, SkiffClock clock) {
        if (maxDelaySec <= 0) {
            throw new IllegalArgumentException("the longest timer delay must be positive: " + maxDelaySec);
        }
        this.enabled = enabled;
        this.maxDelayMs = maxDelaySec * 1000L;
        this.clock = clock;
    }

    @Override
    public MessageToStore rewrite(MessageToStore m) {
        String props = m.properties();
        if (!mayBeTimed(m, props)) {
            return m;
        }
        long nowMs = clock.nowMs();
        long deliverMs;
        try {
            deliverMs = TimerMessages.requestedDeliverMs(props, nowMs);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RewriteRefusedException(
                    ResponseCode.MESSAGE_ILLEGAL, "timer message illegal: the delivery time is not a number");
        }
        if (deliverMs == TimerMessages.NOT_TIMED) {
            return m;
        }
        if (!enabled) {
            throw new RewriteRefusedException(
                    ResponseCode.SYSTEM_ERROR,
                    "timer messages are not enabled on this broker (timerWheelEnable=false)");
        }
        if (deliverMs <= nowMs) {
            return m;
        }
        if (deliverMs - nowMs > maxDelayMs) {
            throw new RewriteRefusedException(
                    ResponseCode.MESSAGE_ILLEGAL,
                    "timer message illegal: the delay of " + (deliverMs - nowMs) + " ms is over the longest allowed, "
                            + maxDelayMs + " ms (timerMaxDelaySec)");
        }
        props = PropertyEdits.with(props, TimerMessages.TIMER_OUT_MS, Long.toString(deliverMs));
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
