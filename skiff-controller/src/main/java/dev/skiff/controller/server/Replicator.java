package dev.skiff.controller.server;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.Outcome;
import java.io.IOException;

/** What the request processor needs of the Raft peer (implemented over {@code RaftNode}). */
public interface Replicator {

    /** Whether this peer leads and may serve writes and reads. */
    boolean isLeaderReady();

    /** The leader's peer id, or null when none is known. */
    String leaderId();

    /** The peers as {@code id=host:port;...}. */
    String peersText();

    /** The Raft group's name. */
    String groupName();

    /** Replicates a command and returns its outcome. */
    Outcome submit(Command command) throws IOException;
}
