/** Consumer offsets per group and queue, persisted; the offset request processors. */
package dev.skiff.broker.offset;
