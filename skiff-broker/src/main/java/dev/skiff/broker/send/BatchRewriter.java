package dev.skiff.broker.send;

import dev.skiff.store.MessageToStore;
import java.util.List;

/**
 * Changes a batch before it is stored, as a whole: the batch stays one contiguous, all-or-nothing
 * append, so a rewriter either leaves every message where it is or moves them all to one topic and
 * queue (a batch whose messages carry a delivery time goes to the timer topic). Returns the batch
 * unchanged when the rewrite does not apply, throws {@link RewriteRefusedException} when the batch
 * must not be stored. Runs on the send executor; must not block.
 */
@FunctionalInterface
public interface BatchRewriter {
    List<MessageToStore> rewrite(List<MessageToStore> batch);
}
