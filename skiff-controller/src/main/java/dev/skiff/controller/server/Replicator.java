package dev.skiff.controller.server;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.Outcome;
import java.io.IOException;

/** What the request processor needs of the Raft peer (implemented over {@code RaftNode}). */
public interface Replicator {

    /** Whether this peer leads and may serve writes and reads. */
    boolean isLeaderReady();

    /**
     * Whether this peer leads with a majority behind it right now (a linearizable read on this
     * peer): false on a follower and on a leader cut off from its peers, which may still believe
     * it leads until Raft makes it step down. Answers that renew a master's lease need it.
     */
    default boolean confirmLeadership() {
        return isLeaderReady();
    }

    /** The leader's peer id, or null when none is known. */
    String leaderId();

    /** The peers as {@code id=host:port;...}. */
    String peersText();

    /** The Raft group's name. */
    String groupName();

    /** Replicates a command and returns its outcome. */
    Outcome submit(Command command) throws IOException;
}
