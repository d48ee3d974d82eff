package dev.skiff.controller.raft;

import dev.skiff.controller.state.Command;
import dev.skiff.controller.state.ControllerState;
import dev.skiff.controller.state.Outcome;
import dev.skiff.controller.state.StateCodec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the controller. Each committed log entry is a {@link Command} in
 * {@link StateCodec}'s JSON; applying it runs {@link ControllerState#apply} (which validates it
 * against the current state, on every peer alike) and answers the proposer with the {@link
 * Outcome}. A command that cannot even be decoded is answered with an error and changes nothing.
 *
 * <p>Snapshots: one file per snapshot, {@code snapshot.TERM_INDEX} under the Ratis state-machine
 * folder (written to a temporary name, then renamed, with an MD5 file beside it), holding {@link
 * StateCodec#encodeSnapshot}. On start and after a snapshot was installed from the leader
 * ({@link #reinitialize}) the latest snapshot is loaded and the log after it replayed.
 */
public final class ControllerStateMachine extends BaseStateMachine {
    private static final Logger log = LoggerFactory.getLogger(ControllerStateMachine.class);

    private final ControllerState state;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final LeaderListener leaderListener;
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private final AtomicLong snapshotsInstalled = new AtomicLong();

    /** Told when this peer learns of a new leader (it may be told twice for one change). */
    @FunctionalInterface
    public interface LeaderListener {
        void leaderChanged(RaftPeerId leaderId);
    }

    public ControllerStateMachine(ControllerState state, LeaderListener leaderListener) {
        this.state = state;
        this.leaderListener = leaderListener;
    }

    public ControllerState state() {
        return state;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        });
    }

    /**
     * Ratis pauses the machine before it installs a snapshot from the leader, and insists it be
     * PAUSED when it then calls {@link #reinitialize}.
     */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** Replaces the whole state with the latest snapshot (just installed) and runs again. */
    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        snapshotsInstalled.incrementAndGet();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /** Snapshots this peer wrote since it started. */
    public long snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** Snapshots this peer took in from the leader since it started. */
    public long snapshotsInstalled() {
        return snapshotsInstalled.get();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        StateCodec.loadSnapshot(Files.readAllBytes(file.toPath()), state);
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        log.info("controller state loaded from snapshot {}", snapshot.getTermIndex());
    }

    /**
     * Writes a snapshot of the applied state. Serialized (Ratis's automatic trigger and an explicit
     * request may overlap); a snapshot already covering the applied index is not written again.
     */
    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last;
        byte[] data;
        synchronized (state) { // a consistent cut: the applier cannot run while we copy
            last = getLastAppliedTermIndex();
            data = StateCodec.encodeSnapshot(state.groups(), state.peerAddresses());
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
        if (latest != null && latest.getIndex() >= last.getIndex()) {
            return latest.getIndex();
        }
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(target.getParentFile(), target.getName() + ".tmp");
        Files.write(tmp.toPath(), data);
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        var md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
        snapshotsTaken.incrementAndGet();
        return last.getIndex();
    }

    /**
     * The read barrier of {@link RaftNode#confirmLeadership}: Ratis runs it only once the read is
     * linearizable on this peer, so that it is answered is the whole answer.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        Outcome outcome;
        synchronized (state) {
            outcome = applyOne(data);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(StateCodec.encode(outcome))));
    }

    private Outcome applyOne(byte[] data) {
        Command command;
        try {
            command = StateCodec.decodeCommand(data);
        } catch (IllegalArgumentException e) {
            log.warn("skipping an undecodable controller command: {}", e.getMessage());
            return Outcome.error(2005, e.getMessage(), null);
        }
        return state.apply(command);
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderListener.leaderChanged(newLeaderId);
    }
}
