/**
 * Request processors of the name server, one per executor: {@link
 * dev.skiff.namesrv.processor.RouteQueryProcessor} for the hot read path, {@link
 * dev.skiff.namesrv.processor.BrokerProcessor} for broker registration and liveness, {@link
 * dev.skiff.namesrv.processor.AdminProcessor} for KV and admin changes.
 */
package dev.skiff.namesrv.processor;
