/**
 * The failover controller: a Raft (Apache Ratis) replicated record of each broker group's master,
 * master epoch and sync-state set, which elects a new master when the old one stops
 * heart-beating. {@link dev.skiff.controller.ControllerMain} is the {@code skiff controller}
 * command.
 */
package dev.skiff.controller;
