/**
 * The controller's replicated state and its rules, with no I/O, no clock and no threads: {@link
 * dev.skiff.controller.state.ControllerState} applies {@link
 * dev.skiff.controller.state.Command}s (the Raft log entries) to the {@link
 * dev.skiff.controller.state.ReplicaGroup}s and answers with a {@link
 * dev.skiff.controller.state.Outcome}. Everything that varies (which replicas are alive, their
 * offsets) travels inside the command, so every peer that applies the same log reaches the same
 * state. {@link dev.skiff.controller.state.StateCodec} writes commands, outcomes and snapshots as
 * JSON.
 */
package dev.skiff.controller.state;
