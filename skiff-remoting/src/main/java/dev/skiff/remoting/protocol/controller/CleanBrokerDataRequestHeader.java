package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * {@code CLEAN_BROKER_DATA} (1011) request. {@code brokerControllerIdsToClean} is a
 * semicolon-separated list of broker ids, or null for the whole group; {@code isCleanLivingBroker}
 * allows removing replicas that still heart-beat.
 */
public record CleanBrokerDataRequestHeader(
        String clusterName, String brokerName, String brokerControllerIdsToClean, boolean isCleanLivingBroker)
        implements CommandHeader {

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "clusterName", clusterName);
        Ext.put(ext, "brokerName", brokerName);
        Ext.put(ext, "brokerControllerIdsToClean", brokerControllerIdsToClean);
        Ext.put(ext, "isCleanLivingBroker", isCleanLivingBroker);
    }

    public static CleanBrokerDataRequestHeader decode(HeaderFields f) {
        return new CleanBrokerDataRequestHeader(
                f.optionalString("clusterName"),
                f.requiredString("brokerName"),
                f.optionalString("brokerControllerIdsToClean"),
                f.optionalBoolean("isCleanLivingBroker", false));
    }
}
