package dev.skiff.broker;

import dev.skiff.broker.admin.BrokerConfigEditor.Effect;
import dev.skiff.broker.config.BrokerConfig;
import dev.skiff.broker.registry.NamesrvRegistrar;
import dev.skiff.broker.topic.SystemTopics;
import dev.skiff.broker.topic.TopicConfigTable;
import dev.skiff.store.MessageStore;
import java.util.Map;

/**
 * What a change of each live broker config key ({@link BrokerConfig#LIVE_KEYS}) does beyond the
 * {@link dev.skiff.broker.config.LiveBrokerConfig} that the send, send-back and pull paths and the
 * group table read per request:
 *
 * <table>
 *   <caption>effects</caption>
 *   <tr><th>key</th><th>effect</th></tr>
 *   <tr><td>brokerPermission</td><td>a registration with every name server within 50 ms, with a new
 *       topic data version so that they take the perms it limits</td></tr>
 *   <tr><td>autoCreateTopicEnable</td><td>INHERIT set or cleared on {@code TBW102}, which registers
 *       it within 50 ms</td></tr>
 *   <tr><td>maxMessageSize</td><td>none; refused above what the store's batches hold</td></tr>
 *   <tr><td>fileReservedTime, deleteWhen</td><td>the store's retention schedule, from its next
 *       run</td></tr>
 *   <tr><td>autoCreateSubscriptionGroup, longPollingEnable, shortPollingTimeMills</td><td>none:
 *       read per request only</td></tr>
 * </table>
 */
final class LiveKeyEffects {
    private LiveKeyEffects() {}

    /**
     * @param storeBodyMaxBytes the store's own body limit: {@code maxMessageSize} may not exceed it
     */
    static Map<String, Effect> of(
            TopicConfigTable topics, NamesrvRegistrar registrar, MessageStore store, int storeBodyMaxBytes) {
        Effect retention = next -> store.setRetention(next.fileReservedMs(), next.deleteWhen());
        return Map.of(
                "brokerPermission",
                next -> registrar.onBrokerPermissionChange(),
                "autoCreateTopicEnable",
                next -> topics.createOrUpdate(SystemTopics.template(topics.get(SystemTopics.DEFAULT_TOPIC), next)),
                "maxMessageSize",
                new Effect() {
                    @Override
                    public void apply(BrokerConfig next) {}

                    @Override
                    public String refusal(BrokerConfig next) {
                        return messageSizeProblem(next.maxMessageSize(), storeBodyMaxBytes);
                    }
                },
                "fileReservedTime",
                retention,
                "deleteWhen",
                retention);
    }

    /** Null when the store takes bodies of {@code maxMessageSize} bytes, else why not. */
    static String messageSizeProblem(int maxMessageSize, int storeBodyMaxBytes) {
        if (maxMessageSize <= storeBodyMaxBytes) {
            return null;
        }
        return "broker config 'maxMessageSize' must be at most " + storeBodyMaxBytes
                + " bytes, the largest body the store holds with this mappedFileSizeCommitLog: " + maxMessageSize;
    }
}
