/**
 * Who is connected: producer and consumer groups learned from heartbeats, each client's
 * connection, and each consumer group's subscriptions and mode. Serves {@code HEART_BEAT} (34),
 * {@code UNREGISTER_CLIENT} (35) and {@code GET_CONSUMER_LIST_BY_GROUP} (38), tells consumer
 * groups to rebalance ({@code NOTIFY_CONSUMER_IDS_CHANGED}, 40) and drops clients whose
 * connection closed or who fell silent.
 */
package dev.skiff.broker.client;
