package dev.skiff.remoting.protocol.controller;

import dev.skiff.remoting.protocol.CommandHeader;
import dev.skiff.remoting.protocol.HeaderFields;
import java.util.Map;

/**
 * The header of the three registration steps a broker without an id takes:
 *
 * <ul>
 *   <li>{@code CONTROLLER_GET_NEXT_BROKER_ID} (1012): request {@code clusterName, brokerName};
 *       response adds {@code nextBrokerId}.
 *   <li>{@code CONTROLLER_APPLY_BROKER_ID} (1013): request adds {@code appliedBrokerId} and {@code
 *       registerCheckCode} (the broker's address and a timestamp, so a retry by the same broker is
 *       recognised); response echoes {@code clusterName, brokerName}.
 *   <li>{@code CONTROLLER_REGISTER_BROKER} (1003): request adds {@code brokerId} and {@code
 *       brokerAddress}, and from a Skiff broker also the {@code registerCheckCode} the id was
 *       applied with; the response is an {@link RegisterBrokerResponseHeader}.
 * </ul>
 *
 * Fields a step does not use stay null and are not written.
 */
public record BrokerIdRequestHeader(
        String clusterName,
        String brokerName,
        Long nextBrokerId,
        Long appliedBrokerId,
        String registerCheckCode,
        Long brokerId,
        String brokerAddress)
        implements CommandHeader {

    public static BrokerIdRequestHeader nextId(String cluster, String brokerName) {
        return new BrokerIdRequestHeader(cluster, brokerName, null, null, null, null, null);
    }

    public static BrokerIdRequestHeader apply(String cluster, String brokerName, long id, String checkCode) {
        return new BrokerIdRequestHeader(cluster, brokerName, null, id, checkCode, null, null);
    }

    public static BrokerIdRequestHeader register(String cluster, String brokerName, long id, String address) {
        return new BrokerIdRequestHeader(cluster, brokerName, null, null, null, id, address);
    }

    /**
     * A registration that also carries the check code the id was applied with (a Skiff broker's;
     * the controller refuses it when the id was applied with another code).
     */
    public static BrokerIdRequestHeader register(
            String cluster, String brokerName, long id, String address, String checkCode) {
        return new BrokerIdRequestHeader(cluster, brokerName, null, null, checkCode, id, address);
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        Ext.put(ext, "clusterName", clusterName);
        Ext.put(ext, "brokerName", brokerName);
        Ext.put(ext, "nextBrokerId", nextBrokerId);
        Ext.put(ext, "appliedBrokerId", appliedBrokerId);
        Ext.put(ext, "registerCheckCode", registerCheckCode);
        Ext.put(ext, "brokerId", brokerId);
        Ext.put(ext, "brokerAddress", brokerAddress);
    }

    public static BrokerIdRequestHeader decode(HeaderFields f) {
        return new BrokerIdRequestHeader(
                f.optionalString("clusterName", ""),
                f.requiredString("brokerName"),
                f.optionalLongObject("nextBrokerId"),
                f.optionalLongObject("appliedBrokerId"),
                f.optionalString("registerCheckCode"),
                f.optionalLongObject("brokerId"),
                f.optionalString("brokerAddress"));
    }
}
