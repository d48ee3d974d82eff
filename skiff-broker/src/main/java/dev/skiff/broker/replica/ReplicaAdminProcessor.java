package dev.skiff.broker.replica;

import dev.skiff.broker.offset.ConsumerOffsetTable;
import dev.skiff.broker.schedule.DelayOffsetTable;
import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.body.DataVersion;
import java.util.List;

/**
 * The requests a slave sends its master to copy what is not in the commit log, and the operator's
 * replication status. Bodies are the official JSON forms, so an official slave can follow a Skiff
 * master:
 *
 * <table>
 *   <caption>codes served</caption>
 *   <tr><th>code</th><th>body</th></tr>
 *   <tr><td>GET_ALL_CONSUMER_OFFSET (43)</td><td>{@code {"offsetTable":{"topic@group":{0:12}},
 *       "dataVersion":{..}}}: the committed offsets, as in {@code consumerOffset.json}</td></tr>
 *   <tr><td>GET_ALL_DELAY_OFFSET (45)</td><td>{@code {"offsetTable":{1:12,2:0},"dataVersion":{..}}}:
 *       per delay level the next schedule-queue offset to deliver, as in {@code delayOffset.json}
 *       (an official slave writes this text to that file as it is)</td></tr>
 *   <tr><td>GET_BROKER_HA_STATUS (907)</td><td>the official {@code HARuntimeInfo}: {@code master},
 *       {@code masterCommitLogMaxOffset}, {@code inSyncSlaveNums}, {@code haConnectionInfo} (per
 *       slave: {@code addr}, {@code slaveAckOffset}, {@code diff}, {@code inSync}, {@code
 *       transferredByteInSecond}, {@code transferFromWhere}) and {@code haClientRuntimeInfo} (a
 *       slave's link: {@code masterAddr}, {@code transferredByteInSecond}, {@code maxOffset},
 *       {@code lastReadTimestamp}, {@code lastWriteTimestamp}, {@code masterFlushOffset}, {@code
 *       activated})</td></tr>
 * </table>
 *
 * The {@code dataVersion} of the two offset tables is not tracked (offsets change with every
 * commit; the copier fetches them whole each round) and always reads as zero.
 */
public final class ReplicaAdminProcessor implements SyncRequestProcessor {
    private final ConsumerOffsetTable offsets;
    private final DelayOffsetTable delays;
    private final ReplicationView replication;

    public ReplicaAdminProcessor(ConsumerOffsetTable offsets, DelayOffsetTable delays, ReplicationView replication) {
        this.offsets = offsets;
        this.delays = delays;
        this.replication = replication;
    }

    /** The request codes this processor serves. */
    public static List<Integer> codes() {
        return List.of(
                RequestCode.GET_ALL_CONSUMER_OFFSET,
                RequestCode.GET_ALL_DELAY_OFFSET,
                RequestCode.GET_BROKER_HA_STATUS);
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ALL_CONSUMER_OFFSET -> withBody(offsets.toJson());
            case RequestCode.GET_ALL_DELAY_OFFSET -> withBody(delays.toJson());
            case RequestCode.GET_BROKER_HA_STATUS -> RemotingCommand.success().body(haStatus(replication));
            default -> RemotingCommand.notSupported(request.code());
        };
    }

    private static RemotingCommand withBody(JsonObject table) {
        table.put("dataVersion", DataVersion.ZERO.toJson());
        return RemotingCommand.success().body(JsonWriter.toBytes(table, JsonWriteOptions.FASTJSON));
    }

    /** The official {@code HARuntimeInfo} body for {@code view}. */
    static byte[] haStatus(ReplicationView view) {
        long max = view.commitLogMaxOffset();
        JsonArray connections = new JsonArray();
        for (ReplicationView.SlaveLink s : view.slaves()) {
            connections.add(new JsonObject()
                    .put("addr", s.address())
                    .put("slaveAckOffset", s.ackOffset())
                    .put("diff", Math.max(0, max - s.ackOffset()))
                    .put("inSync", s.inSync())
                    .put("transferredByteInSecond", s.bytesPerSecond())
                    .put("transferFromWhere", s.transferFromWhere()));
        }
        JsonObject client = new JsonObject();
        ReplicationView.MasterLink link = view.masterLink();
        if (link != null) {
            if (link.masterAddress() != null) {
                client.put("masterAddr", link.masterAddress());
            }
            client.put("transferredByteInSecond", link.bytesPerSecond())
                    .put("maxOffset", link.maxOffset())
                    .put("lastReadTimestamp", link.lastReadMs())
                    .put("lastWriteTimestamp", link.lastWriteMs())
                    .put("masterFlushOffset", link.masterFlushOffset())
                    .put("activated", link.activated());
        }
        JsonObject body = new JsonObject()
                .put("master", view.master())
                .put("masterCommitLogMaxOffset", view.master() ? max : 0)
                .put("inSyncSlaveNums", view.inSyncSlaves())
                .put("haConnectionInfo", connections)
                .put("haClientRuntimeInfo", client);
        return JsonWriter.toBytes(body, JsonWriteOptions.FASTJSON);
    }
}
