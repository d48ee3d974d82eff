/**
 * Retries and dead letters: a consumer's send-back ({@code CONSUMER_SEND_MSG_BACK}, 36) schedules
 * the message again in the group's retry topic through the delay path, or parks it in the group's
 * dead-letter topic once it has failed too often; the same limit applies to retries a client sends
 * itself as normal messages, and ordered groups send such retries straight to the dead letters.
 */
package dev.skiff.broker.retry;
