/**
 * The route registry: which brokers exist, which topics they serve, and which of them are alive.
 * {@link dev.skiff.namesrv.route.RouteRegistry} owns the tables; {@link
 * dev.skiff.namesrv.route.RouteCache} keeps encoded route bodies between changes.
 */
package dev.skiff.namesrv.route;
