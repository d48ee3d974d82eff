/**
 * The controller's use of Apache Ratis: {@link dev.skiff.controller.raft.ControllerStateMachine}
 * applies the replicated commands to the pure state and takes/installs snapshots; {@link
 * dev.skiff.controller.raft.RaftNode} runs one Raft peer (gRPC transport) and submits commands.
 */
package dev.skiff.controller.raft;
