/**
 * The route registry: which brokers exist, which topics they serve, and which of them are alive.
 * {@link dev.skiff.namesrv.route.RouteRegistry} is the facade that holds the one read-write lock
 * over three tables: {@link dev.skiff.namesrv.route.BrokerGroups} (broker groups and clusters),
 * {@link dev.skiff.namesrv.route.LiveBrokers} (live broker processes and their filter servers) and
 * {@link dev.skiff.namesrv.route.TopicRoutes} (queue data and static-topic mappings by topic).
 * {@link dev.skiff.namesrv.route.BrokerRegistrar} applies the registration rules across them,
 * {@link dev.skiff.namesrv.route.TopicRouteBuilder} assembles a topic's route, {@link
 * dev.skiff.namesrv.route.ActingMaster} presents a slave as acting master, and {@link
 * dev.skiff.namesrv.route.RouteCache} keeps encoded route bodies between changes ({@link
 * dev.skiff.namesrv.route.RouteGeneration}).
 */
package dev.skiff.namesrv.route;
