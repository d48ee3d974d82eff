/**
 * Delay levels: a message sent with {@code DELAY=n} is parked in queue n−1 of {@code
 * SCHEDULE_TOPIC_XXXX} (its consume-queue tag code holds the delivery time) and re-stored to its
 * real topic and queue when due, in order per level, with progress persisted to {@code
 * config/delayOffset.json}. Retries use the same path.
 */
package dev.skiff.broker.schedule;
