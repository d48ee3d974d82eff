package dev.skiff.broker.testing;

import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.testing.FakeChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A request context that records the answers a processor gives. A processor must answer each
 * request at most once; {@link #single()} and {@link #await} fail when it answered twice, so
 * every test checks that too.
 */
public final class RecordingContext implements RequestContext {
    private final RemotingChannel channel;
    private final List<RemotingCommand> responses = new ArrayList<>();

    public RecordingContext(RemotingChannel channel) {
        this.channel = channel;
    }

    /** A context on a {@link FakeChannel#local()} channel. */
    public static RecordingContext local() {
        return new RecordingContext(FakeChannel.local());
    }

    @Override
    public RemotingChannel channel() {
        return channel;
    }

    @Override
    public synchronized void respond(RemotingCommand response) {
        responses.add(response);
        notifyAll();
    }

    @Override
    public boolean isOneway() {
        return false;
    }

    /** Whether an answer was given. */
    public synchronized boolean answered() {
        return !responses.isEmpty();
    }

    /** The one answer given so far; fails when there is none or more than one. */
    public synchronized RemotingCommand single() {
        if (responses.size() != 1) {
            throw new AssertionError("expected exactly one response, got " + responses.size() + ": " + responses);
        }
        return responses.get(0);
    }

    /** Waits at most {@code timeoutMs} for the answer (stores answer from their own threads). */
    public synchronized RemotingCommand await(long timeoutMs) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (responses.isEmpty()) {
            long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0) {
                throw new AssertionError("no response within " + timeoutMs + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, leftNs);
        }
        return single();
    }
}
