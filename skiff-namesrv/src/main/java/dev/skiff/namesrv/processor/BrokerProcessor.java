package dev.skiff.namesrv.processor;

import dev.skiff.namesrv.config.LiveConfig;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.namesrv.kv.KvConfigStore;
import dev.skiff.namesrv.route.BrokerRegistration;
import dev.skiff.namesrv.route.RegistrationResult;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.BodyFormatException;
import dev.skiff.remoting.protocol.body.DataVersion;
import dev.skiff.remoting.protocol.body.KVTable;
import dev.skiff.remoting.protocol.body.RegisterBrokerBody;
import dev.skiff.remoting.protocol.body.TopicConfigSerializeWrapper;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import dev.skiff.remoting.protocol.header.BrokerHeartbeatRequestHeader;
import dev.skiff.remoting.protocol.header.QueryDataVersionRequestHeader;
import dev.skiff.remoting.protocol.header.QueryDataVersionResponseHeader;
import dev.skiff.remoting.protocol.header.RegisterBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.RegisterBrokerResponseHeader;
import dev.skiff.remoting.protocol.header.RegisterTopicRequestHeader;
import dev.skiff.remoting.protocol.header.UnregisterBrokerRequestHeader;
import java.util.List;
import java.util.Map;

/**
 * Broker → name server: REGISTER_BROKER (103), UNREGISTER_BROKER (104), QUERY_DATA_VERSION (322),
 * BROKER_HEARTBEAT (904), REGISTER_TOPIC_IN_NAMESRV (217).
 */
public final class BrokerProcessor implements SyncRequestProcessor {
    /** From this version on the registration body is a RegisterBrokerBody (older: a bare topic wrapper). */
    static final int V3_0_11 = 37;

    static final String ZONE_NAME_KEY = "__ZONE_NAME";

    private final RouteRegistry registry;
    private final KvConfigStore kv;
    private final LiveConfig config;

    public BrokerProcessor(RouteRegistry registry, KvConfigStore kv, LiveConfig config) {
        this.registry = registry;
        this.kv = kv;
        this.config = config;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            case RequestCode.QUERY_DATA_VERSION -> queryDataVersion(request);
            case RequestCode.BROKER_HEARTBEAT -> heartbeat(request);
            case RequestCode.REGISTER_TOPIC_IN_NAMESRV -> registerTopic(request);
            default -> Responses.notSupported(request.code());
        };
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) {
        RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.decode(request.fields());
        byte[] body = request.body();
        if (header.bodyCrc32() != 0
                && header.bodyCrc32() != RegisterBrokerBody.crc32(body == null ? new byte[0] : body)) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        NamesrvConfig cfg = config.get();
        RegisterBrokerBody registration;
        try {
            registration = decodeBody(body, header.compressed(), request.version(), cfg.registerBodyInflatedMaxBytes());
        } catch (BodyFormatException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "bad REGISTER_BROKER body: " + e.getMessage());
        }
        RegistrationResult result = registry.register(
                new BrokerRegistration(
                        header.clusterName(),
                        header.brokerAddr(),
                        header.brokerName(),
                        header.brokerId(),
                        header.haServerAddr(),
                        request.extField(ZONE_NAME_KEY),
                        header.heartbeatTimeoutMillis(),
                        header.enableActingMaster(),
                        registration.topicConfigSerializeWrapper(),
                        registration.filterServerList(),
                        channel),
                cfg.deleteTopicWithBrokerRegistration());
        if (result == null) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "register broker failed");
        }
        RemotingCommand response =
                RemotingCommand.success(new RegisterBrokerResponseHeader(result.haServerAddr(), result.masterAddr()));
        if (cfg.returnOrderTopicConfigToBroker()) {
            Map<String, String> order = kv.list(KvConfigStore.ORDER_TOPIC_CONFIG);
            if (order != null) {
                response.body(new KVTable(order).encode());
            }
        }
        return response;
    }

    static RegisterBrokerBody decodeBody(byte[] body, boolean compressed, int version, int inflatedMaxBytes) {
        if (body == null || body.length == 0) {
            return RegisterBrokerBody.empty();
        }
        if (version >= V3_0_11) {
            return RegisterBrokerBody.decode(body, compressed, version, inflatedMaxBytes);
        }
        return new RegisterBrokerBody(TopicConfigSerializeWrapper.decode(body), List.of());
    }

    private RemotingCommand unregister(RemotingCommand request) {
        UnregisterBrokerRequestHeader header = UnregisterBrokerRequestHeader.decode(request.fields());
        registry.unregister(header.clusterName(), header.brokerAddr(), header.brokerName());
        return RemotingCommand.success();
    }

    private RemotingCommand queryDataVersion(RemotingCommand request) {
        QueryDataVersionRequestHeader header = QueryDataVersionRequestHeader.decode(request.fields());
        DataVersion theirs;
        try {
            theirs = request.body() == null ? DataVersion.ZERO : DataVersion.decode(request.body());
        } catch (BodyFormatException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "bad QUERY_DATA_VERSION body: " + e.getMessage());
        }
        DataVersion ours = registry.dataVersion(header.clusterName(), header.brokerAddr());
        boolean changed = ours == null || !ours.equals(theirs);
        registry.touch(header.clusterName(), header.brokerAddr());
        RemotingCommand response = RemotingCommand.success(new QueryDataVersionResponseHeader(changed));
        if (ours != null) {
            response.body(ours.encode());
        }
        return response;
    }

    private RemotingCommand heartbeat(RemotingCommand request) {
        BrokerHeartbeatRequestHeader header = BrokerHeartbeatRequestHeader.decode(request.fields());
        registry.touch(header.clusterName(), header.brokerAddr());
        return RemotingCommand.success();
    }

    private RemotingCommand registerTopic(RemotingCommand request) {
        RegisterTopicRequestHeader header = RegisterTopicRequestHeader.decode(request.fields());
        if (request.body() == null || request.body().length == 0) {
            return RemotingCommand.success();
        }
        try {
            TopicRouteData route = TopicRouteData.decode(request.body());
            registry.registerTopic(header.topic(), route.queueDatas());
        } catch (BodyFormatException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "bad REGISTER_TOPIC_IN_NAMESRV body: " + e.getMessage());
        }
        return RemotingCommand.success();
    }
}
