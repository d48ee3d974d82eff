/**
 * What the controller knows about brokers outside the Raft log: their heartbeats ({@link
 * dev.skiff.controller.liveness.BrokerLiveTable}) and the election decisions the leader proposes
 * from them ({@link dev.skiff.controller.liveness.ElectionPlanner}). Time comes in as arguments.
 */
package dev.skiff.controller.liveness;
