/**
 * A controller peer's Prometheus metrics: role, Raft term, log indexes, snapshots and disk use,
 * broker groups with their master epoch, in-sync set and live replicas, elections decided ({@code
 * election_total}), requests served by type and outcome ({@code request_total}, {@code
 * request_latency}) and commands replicated ({@code dledger_op_total}, {@code dledger_op_latency}),
 * under the official controller's names where one exists.
 */
package dev.skiff.controller.metrics;
