/**
 * Timer messages: a message sent with a delivery time ({@code TIMER_DELIVER_MS}, {@code
 * TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS} or {@code __STARTDELIVERTIME}) is parked in the
 * timer topic {@code rmq_sys_wheel_timer} by {@link dev.skiff.broker.timer.TimerRewriter}; one
 * thread ({@link dev.skiff.broker.timer.TimerService}) copies each parked message's place into an
 * append-only {@link dev.skiff.broker.timer.TimerLog} linked per slot by a {@link
 * dev.skiff.broker.timer.SlotIndex}, loads the next window into a {@link
 * dev.skiff.broker.timer.TimingWheel} in memory and re-stores each message to its real topic and
 * queue at its time, in pipelined group appends ({@link dev.skiff.broker.timer.TimerDelivery}).
 * {@link dev.skiff.broker.timer.TimerService} wires the parts of that thread's pass, one job each:
 * {@link dev.skiff.broker.timer.TimerEnqueue} takes parked messages in (skipping what {@link
 * dev.skiff.broker.timer.ReplayFilter} shows handled before a restart), {@link
 * dev.skiff.broker.timer.SlotFiring} fires due slots and {@link
 * dev.skiff.broker.timer.OwnTimeFiring} the timers of the next slot at their own time, both through
 * the {@link dev.skiff.broker.timer.DeliveryGate}; {@link dev.skiff.broker.timer.WheelLoader}
 * loads ahead, {@link dev.skiff.broker.timer.TimerCheckpoints} writes and adopts checkpoints,
 * {@link dev.skiff.broker.timer.TimerRecovery} rebuilds the index at open and {@link
 * dev.skiff.broker.timer.TimerFigures} publishes figures. Batches with delivery times are parked whole by the same
 * rewriter; {@link dev.skiff.broker.timer.SlotFlowControl} refuses timers for a slot that holds too
 * many; {@link dev.skiff.broker.timer.TimerCheckpointProcessor} serves the progress a slave copies
 * ({@link dev.skiff.broker.timer.TimerCheckpointWire}) so that, promoted, it does not fire again
 * what its master fired; {@link dev.skiff.broker.timer.TimerCheckpointCopy} takes it only when both
 * use the same slot width, and {@link dev.skiff.broker.timer.DeliveredCopies} narrows what a
 * promoted slave fires again to timers whose copy it does not yet hold.
 *
 * <p>This lives in the broker, not in skiff-store: the timer reads one topic's consume queue and
 * writes through the broker's {@link dev.skiff.broker.send.MessageAppender}, like delay levels, and
 * knows broker notions (system topics, {@code REAL_TOPIC}); the store stays a plain log of records
 * and needs no new API for it.
 */
package dev.skiff.broker.timer;
