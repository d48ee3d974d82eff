/**
 * Threads and time as seams: {@link dev.skiff.common.concurrent.Scheduler} runs periodic duties
 * (real threads in servers, {@link dev.skiff.common.concurrent.ManualScheduler} driven by a manual
 * clock in tests and simulations), and {@link dev.skiff.common.concurrent.AgentRunner} runs a
 * duty-cycle {@link dev.skiff.common.concurrent.Agent} on a thread of its own with an idle
 * strategy, counted errors and a clean close.
 */
package dev.skiff.common.concurrent;
