package dev.skiff.controller.state;

/**
 * A replica the controller leader saw alive when it proposed an election or a change, with what
 * its last heartbeat said: the master epoch it knows, its max commit-log offset and its election
 * priority (lower is preferred, as in the official broker's {@code brokerElectionPriority}).
 */
public record Candidate(long brokerId, int epoch, long maxOffset, int priority) {}
