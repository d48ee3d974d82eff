package dev.skiff.broker.controller;

/**
 * The broker's calls to the controller peers (docs/controller.md). {@link RemotingControllerLink}
 * speaks the official request codes; each call either answers or throws {@link
 * ControllerException}.
 */
public interface ControllerLink {
    /** The Raft leader's remoting address, asked of {@code anyPeer} (1005). */
    String leaderAddress(String anyPeer) throws ControllerException;

    /** The next free broker id of the group (1012). */
    long nextBrokerId(String leader) throws ControllerException;

    /** Claims {@code id} with {@code checkCode} (1013); false when the id is taken (2014). */
    boolean applyBrokerId(String leader, long id, String checkCode) throws ControllerException;

    /**
     * Registers this replica (1003) with the code its id was applied with; the answer names the
     * master, if any. Refused (2014) when the id was applied with another code, (2010) when it was
     * never applied.
     */
    ReplicaInfo register(String leader, long id, String ownAddress, String checkCode) throws ControllerException;

    /** Asks for an election (1002, not designated); the answer names the master, if any. */
    ReplicaInfo electMaster(String leader, long id) throws ControllerException;

    /** The group's master and sync-state set (1004). */
    ReplicaInfo replicaInfo(String leader) throws ControllerException;

    /** The group's replicas the controller knows, master included (1006). */
    java.util.List<Replica> replicas(String leader) throws ControllerException;

    /** One replica as the controller lists it. */
    record Replica(long brokerId, String address, boolean alive) {}

    /** One heartbeat (904, one-way) to {@code peer}. */
    void heartbeat(String peer, long id, int epoch, long maxOffset, long confirmOffset, long timeoutMs)
            throws ControllerException;

    /**
     * Proposes the sync-state set (1001) as master {@code id} at {@code masterEpoch}, holding the
     * set at {@code setEpoch}; returns the new set epoch.
     */
    int alterSyncStateSet(String leader, long id, int masterEpoch, java.util.Set<Long> set, int setEpoch)
            throws ControllerException;
}
