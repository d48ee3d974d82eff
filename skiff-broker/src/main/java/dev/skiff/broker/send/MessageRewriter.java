package dev.skiff.broker.send;

import dev.skiff.store.MessageToStore;

/**
 * Changes a message before it is stored: a delayed message goes to the schedule topic, a
 * retry beyond its limit to the dead-letter topic, and so on. Returns the message unchanged
 * when the rewrite does not apply, throws {@link RewriteRefusedException} when the message must
 * not be stored. Runs on the send executor; must not block.
 */
@FunctionalInterface
public interface MessageRewriter {
    MessageToStore rewrite(MessageToStore message);
}
