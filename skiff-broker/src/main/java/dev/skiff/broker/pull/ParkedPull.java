package dev.skiff.broker.pull;

import dev.skiff.remoting.RequestContext;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.store.MessageFilter;

/**
 * An empty pull held by {@link LongPollingService}: which queue and offset it waits on, the
 * filter an arriving message must pass to wake it, how long it may be held, and the request to
 * run again. The service sets the deadline and sequence when it parks it.
 */
public final class ParkedPull {
    private final RequestContext ctx;
    private final RemotingCommand request;
    private final String topic;
    private final int queueId;
    private final long offset;
    private final MessageFilter filter;
    private final long holdMs;
    private final boolean wakeOnArrival;
    long deadlineNs;
    long seq;

    /**
     * @param wakeOnArrival false with long polling off: only the hold time ends the wait
     */
    public ParkedPull(
            RequestContext ctx,
            RemotingCommand request,
            String topic,
            int queueId,
            long offset,
            MessageFilter filter,
            long holdMs,
            boolean wakeOnArrival) {
        this.ctx = ctx;
        this.request = request;
        this.topic = topic;
        this.queueId = queueId;
        this.offset = offset;
        this.filter = filter;
        this.holdMs = holdMs;
        this.wakeOnArrival = wakeOnArrival;
    }

    public RequestContext ctx() {
        return ctx;
    }

    public RemotingCommand request() {
        return request;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public long offset() {
        return offset;
    }

    public long holdMs() {
        return holdMs;
    }

    boolean wakeOnArrival() {
        return wakeOnArrival;
    }

    boolean wantedBy(long arrivedOffset, long tagsCode) {
        return arrivedOffset >= offset && filter.matchesTagsCode(tagsCode);
    }
}
