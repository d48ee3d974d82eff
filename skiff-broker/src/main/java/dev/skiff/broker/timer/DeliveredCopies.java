package dev.skiff.broker.timer;

import dev.skiff.broker.schedule.PropertyEdits;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordFormatException;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.MessageStore;
import dev.skiff.store.RecordLease;
import dev.skiff.store.SelectedRecord;

/**
 * After a takeover (a timer that starts from a checkpoint without the timer log that went with it:
 * a promoted slave, or a lost log), whether a parked timer due before this start was already
 * delivered by the broker that ran before: its copy is looked up in its real topic by its unique id
 * ({@code UNIQ_KEY}, through the key index, stored at or after its delivery time) and must carry
 * the same {@code TIMER_OUT_MS}. A delivered copy has no other way into the real topic with that id
 * and that property (a producer's resend of it is parked again; a consumer's retry goes to the
 * retry topic). It narrows "fired again after a failover" from the last ~1.7 s of timers to those
 * whose copy was not yet in this broker's log and index when the timer took them in.
 *
 * <p>Bounded: at most {@link #CHECKS_MAX} look-ups per start (after a long outage many timers fall
 * due together; past the bound they fire without a look-up, at least once as before). Without the
 * key index nothing is found. The timer thread's.
 */
final class DeliveredCopies {
    /** Look-ups per start, at most. */
    static final int CHECKS_MAX = 100_000;

    private static final int MATCHES_MAX = 8;

    private final MessageStore store;
    private int checks;
    private long found;

    DeliveredCopies(MessageStore store) {
        this.store = store;
    }

    /** Whether the parked timer message's delivered copy is already in its real topic. */
    boolean delivered(SelectedRecord parkedRecord) {
        if (checks >= CHECKS_MAX) {
            return false;
        }
        checks++;
        StoredMessage parked;
        try {
            parked = StoredRecordDecoder.decode(
                    parkedRecord.buffer(), parkedRecord.buffer().position());
        } catch (RecordFormatException e) {
            return false;
        }
        String props = parked.properties();
        String realTopic = MessageProperties.get(props, PropertyEdits.REAL_TOPIC);
        String uniqKey = MessageProperties.get(props, MessageProperties.UNIQ_KEY);
        String outMs = MessageProperties.get(props, TimerMessages.TIMER_OUT_MS);
        if (realTopic == null || uniqKey == null || outMs == null) {
            return false;
        }
        long deliverMs = parkedRecord.tagsCode();
        try (RecordLease lease = store.queryMessages(realTopic, uniqKey, MATCHES_MAX, deliverMs, Long.MAX_VALUE)) {
            for (SelectedRecord r : lease.records()) {
                StoredMessage copy =
                        StoredRecordDecoder.decode(r.buffer(), r.buffer().position());
                String cp = copy.properties();
                if (uniqKey.equals(MessageProperties.get(cp, MessageProperties.UNIQ_KEY))
                        && outMs.equals(MessageProperties.get(cp, TimerMessages.TIMER_OUT_MS))) {
                    found++;
                    return true;
                }
            }
        } catch (RecordFormatException e) {
            return false;
        }
        return false;
    }

    /** Look-ups made since start. */
    int checks() {
        return checks;
    }

    /** Timers found delivered already (and so not fired again) since start. */
    long found() {
        return found;
    }
}
