/**
 * Message look-ups for operators: view one stored message by its commit-log offset (from an
 * offset message id) and query messages by key or unique id through the store's index.
 */
package dev.skiff.broker.query;
