package dev.skiff.broker.admin;

import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store maintenance by hand (mqadmin {@code deleteExpiredCommitLog}, {@code cleanExpiredCQ},
 * {@code cleanUnusedTopic}); retention does the same on its own schedule.
 *
 * <ul>
 *   <li>DELETE_EXPIRED_COMMITLOG (329): the commit-log segments past the retention time go now,
 *       without waiting for the delete hour (at most {@code segmentsDeletedPerRunMax} per request).
 *   <li>CLEAN_EXPIRED_CONSUMEQUEUE (306): the consume queues of topics whose records retention has
 *       all removed are deleted; their offsets continue, so consumers see no change.
 *   <li>CLEAN_UNUSED_TOPIC (316): the consume queues of topics the broker no longer has (deleted,
 *       or left by an old configuration) are deleted.
 * </ul>
 *
 * <p>System topics are never touched. Each answers SUCCESS with a remark saying what went, or 1
 * SYSTEM_ERROR with the store's error (a topic deleted before the failure stays deleted; asking
 * again finishes the job).
 */
public final class StoreMaintenanceProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(StoreMaintenanceProcessor.class);
    /** Prefix of light message queues, which live in the store without a topic config. */
    private static final String LMQ_PREFIX = "%LMQ%";

    private final TopicConfigTable topics;
    private final MessageStore store;
    private final AdminNames names;

    public StoreMaintenanceProcessor(
            String clusterName, String brokerName, TopicConfigTable topics, MessageStore store) {
        this.topics = topics;
        this.store = store;
        this.names = new AdminNames(clusterName, brokerName);
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.DELETE_EXPIRED_COMMITLOG,
                RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE,
                RequestCode.CLEAN_UNUSED_TOPIC);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        try {
            return switch (request.code()) {
                case RequestCode.DELETE_EXPIRED_COMMITLOG -> deleteExpiredSegments();
                case RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE -> cleanExpiredQueues();
                case RequestCode.CLEAN_UNUSED_TOPIC -> cleanUnusedTopics();
                default -> RemotingCommand.notSupported(request.code());
            };
        } catch (RuntimeException e) {
            log.error("store maintenance request {} failed", request.code(), e);
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "store maintenance failed: " + e.getMessage());
        }
    }

    private RemotingCommand deleteExpiredSegments() {
        int deleted = store.deleteExpiredSegmentsNow();
        log.info(
                "admin deleted {} expired commit-log segments; min offset now {}", deleted, store.commitLogMinOffset());
        return RemotingCommand.success().remark(deleted + " expired commit-log segments deleted");
    }

    private RemotingCommand cleanExpiredQueues() {
        List<String> cleaned = store.cleanExpiredQueues(this::keep);
        log.info("admin cleaned the expired consume queues of {}", cleaned);
        return RemotingCommand.success().remark("expired consume queues deleted for " + cleaned);
    }

    private RemotingCommand cleanUnusedTopics() {
        List<String> cleaned = new ArrayList<>();
        for (String topic : store.topicsWithQueues()) {
            if (!keep(topic) && !topics.contains(topic)) {
                store.deleteTopic(topic);
                cleaned.add(topic);
            }
        }
        log.info("admin deleted the consume queues of topics the broker does not have: {}", cleaned);
        return RemotingCommand.success().remark("consume queues of unused topics deleted for " + cleaned);
    }

    private boolean keep(String topic) {
        return names.isSystemTopic(topic) || topic.startsWith(LMQ_PREFIX);
    }
}
