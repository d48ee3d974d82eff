package dev.skiff.broker.admin;

import dev.skiff.broker.stats.BrokerStats;
import dev.skiff.broker.stats.KeyedStats;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BrokerStatsData;
import dev.skiff.remoting.protocol.body.KVTable;
import dev.skiff.remoting.protocol.header.GetBrokerConfigResponseHeader;
import dev.skiff.remoting.protocol.header.ViewBrokerStatsDataRequestHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The broker about itself: runtime figures (28, a {@code KVTable}), its configuration as
 * properties text (26, with the configuration's data version in the {@code version} ext field),
 * run-time configuration changes (25) and one statistic over the last minute, hour and day (315).
 *
 * <p>Statistics ({@link BrokerStats#statsData}, kept in {@link KeyedStats}): {@code
 * TOPIC_PUT_NUMS} and {@code TOPIC_PUT_SIZE} (messages stored per topic and their bytes as
 * stored, retries and delayed messages included), {@code GROUP_GET_NUMS} and {@code
 * GROUP_GET_SIZE} (messages the pull path handed out per {@code topic@group} and their bytes),
 * each as sum, rate per second and {@code avgpt} over the last minute, hour and day. {@code avgpt}
 * is the sum per counted call: per pull response for the get items (messages or bytes per pull),
 * per stored message for the put items (so 1 for {@code TOPIC_PUT_NUMS} and the mean stored size
 * for {@code TOPIC_PUT_SIZE}: puts are counted as the store dispatches each record). Any other statistic, and a key with nothing counted (or
 * beyond the tracking limits of {@link BrokerStats}), answers 1 SYSTEM_ERROR naming the
 * statistic and key and listing what Skiff keeps, as official brokers answer for statistics they
 * have no entry for.
 *
 * <p>Update codes: a body over 64 KiB, not properties text, an unknown key or an invalid value →
 * 29 INVALID_PARAMETER naming the problem; a changed value for a key that cannot change while the
 * broker runs → 16 NO_PERMISSION naming the keys and listing those that can change (see {@link
 * BrokerConfigEditor}); a change accepted whose side effect failed (e.g. the write of the run-time
 * config file) → 1 SYSTEM_ERROR naming it. An accepted change is saved to the run-time config file
 * before it answers 0 (the editor logs it once). An empty body changes nothing and succeeds.
 */
public final class BrokerInfoProcessor implements SyncRequestProcessor {

    private final BrokerRuntimeInfo runtime;
    private final BrokerConfigEditor config;

    public BrokerInfoProcessor(BrokerRuntimeInfo runtime, BrokerConfigEditor config) {
        this.runtime = runtime;
        this.config = config;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.GET_BROKER_RUNTIME_INFO,
                RequestCode.GET_BROKER_CONFIG,
                RequestCode.UPDATE_BROKER_CONFIG,
                RequestCode.VIEW_BROKER_STATS_DATA);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO ->
                RemotingCommand.success().body(new KVTable(runtime.table()).encode());
            case RequestCode.GET_BROKER_CONFIG -> getConfig();
            case RequestCode.UPDATE_BROKER_CONFIG -> updateConfig(channel, request);
            case RequestCode.VIEW_BROKER_STATS_DATA -> statsData(request);
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private RemotingCommand getConfig() {
        String version = JsonWriter.write(config.version().toJson(), JsonWriteOptions.FASTJSON);
        return RemotingCommand.success(new GetBrokerConfigResponseHeader(version))
                .body(config.current().toPropertiesText().getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand statsData(RemotingCommand request) {
        ViewBrokerStatsDataRequestHeader h = ViewBrokerStatsDataRequestHeader.decode(request.fields());
        KeyedStats.Snapshot stats = runtime.statsData(h.statsName(), h.statsKey());
        if (stats == null) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "no statistic " + h.statsName() + " for " + h.statsKey() + " (Skiff keeps "
                            + BrokerStats.STATS_KEPT_DESC + ")");
        }
        BrokerStatsData body = new BrokerStatsData(item(stats.minute()), item(stats.hour()), item(stats.day()));
        return RemotingCommand.success().body(body.encode());
    }

    private static BrokerStatsData.Item item(KeyedStats.Window window) {
        return new BrokerStatsData.Item(window.sum(), window.tps(), window.avgpt());
    }

    private RemotingCommand updateConfig(RemotingChannel channel, RemotingCommand request) {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return RemotingCommand.success();
        }
        if (body.length > BrokerConfigEditor.BODY_MAX_BYTES) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    "the config text is " + body.length + " bytes, over the limit of "
                            + BrokerConfigEditor.BODY_MAX_BYTES);
        }
        BrokerConfigEditor.Outcome outcome =
                config.update(new String(body, StandardCharsets.UTF_8), channel.remoteAddress());
        return switch (outcome.kind()) {
            case APPLIED -> RemotingCommand.success();
            case INVALID -> RemotingCommand.response(ResponseCode.INVALID_PARAMETER, outcome.problem());
            case NOT_AT_RUN_TIME -> RemotingCommand.response(ResponseCode.NO_PERMISSION, outcome.problem());
            case EFFECT_FAILED -> RemotingCommand.response(ResponseCode.SYSTEM_ERROR, outcome.problem());
        };
    }
}
