/**
 * A controller peer's Prometheus metrics: role, Raft term and leader, broker groups with their
 * master epoch, in-sync set and live replicas, and elections decided ({@code election_total}).
 */
package dev.skiff.controller.metrics;
