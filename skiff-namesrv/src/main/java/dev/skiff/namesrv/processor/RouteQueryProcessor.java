package dev.skiff.namesrv.processor;

import dev.skiff.namesrv.config.LiveConfig;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.namesrv.kv.KvConfigStore;
import dev.skiff.namesrv.route.RouteCache;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.namesrv.route.RouteRegistry.UnitFilter;
import dev.skiff.namesrv.route.RouteSnapshot;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RemotingVersion;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.JsonForm;
import dev.skiff.remoting.protocol.body.TopicRouteData;
import dev.skiff.remoting.protocol.header.GetBrokerMemberGroupRequestHeader;
import dev.skiff.remoting.protocol.header.GetRouteInfoRequestHeader;
import dev.skiff.remoting.protocol.header.GetTopicsByClusterRequestHeader;

/**
 * Reads: GET_ROUTEINFO_BY_TOPIC (105), GET_BROKER_CLUSTER_INFO (106), the topic lists (206, 224,
 * 304, 311–313) and GET_BROKER_MEMBER_GROUP (901).
 *
 * <p>Route lookups are the hot path: the encoded body is served from {@link RouteCache} while the
 * registry (and, with {@code orderMessageEnable}, the KV store) is unchanged. The JSON form is
 * standard for requests of version ≥ 4.9.4 or with {@code acceptStandardJsonOnly=true}, else
 * default.
 */
public final class RouteQueryProcessor implements SyncRequestProcessor {
    static final String NO_ROUTE_REMARK = "no route for topic ";

    private final RouteRegistry registry;
    private final KvConfigStore kv;
    private final LiveConfig config;
    private final RouteCache cache;

    public RouteQueryProcessor(RouteRegistry registry, KvConfigStore kv, LiveConfig config, RouteCache cache) {
        this.registry = registry;
        this.kv = kv;
        this.config = config;
        this.cache = cache;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        NamesrvConfig cfg = config.get();
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request, cfg);
            case RequestCode.GET_BROKER_CLUSTER_INFO ->
                withBody(registry.clusterInfo().encode());
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER ->
                cfg.enableAllTopicList() ? withBody(registry.allTopics().encode()) : Responses.disabled();
            case RequestCode.GET_TOPICS_BY_CLUSTER -> topicsByCluster(request, cfg);
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS ->
                withBody(registry.systemTopics().encode());
            case RequestCode.GET_UNIT_TOPIC_LIST -> unitTopics(cfg, UnitFilter.UNIT);
            case RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST -> unitTopics(cfg, UnitFilter.HAS_UNIT_SUB);
            case RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST -> unitTopics(cfg, UnitFilter.HAS_UNIT_SUB_NOT_UNIT);
            case RequestCode.GET_BROKER_MEMBER_GROUP -> memberGroup(request);
            default -> Responses.notSupported(request.code());
        };
    }

    /**
     * Route lookups whose encoded body is cached are answered on the I/O thread: the cache and the
     * generations it is checked against are read without locks.
     */
    @Override
    public RemotingCommand answerInline(RemotingChannel channel, RemotingCommand request) {
        if (request.code() != RequestCode.GET_ROUTEINFO_BY_TOPIC) {
            return null;
        }
        NamesrvConfig cfg = config.get();
        GetRouteInfoRequestHeader header = GetRouteInfoRequestHeader.decode(request.fields());
        byte[] cached = cachedRoute(header.topic(), form(header, request), cfg);
        return cached == null ? null : withBody(cached);
    }

    private static JsonForm form(GetRouteInfoRequestHeader header, RemotingCommand request) {
        return Boolean.TRUE.equals(header.acceptStandardJsonOnly()) || request.version() >= RemotingVersion.V4_9_4
                ? JsonForm.STANDARD
                : JsonForm.DEFAULT;
    }

    private byte[] cachedRoute(String topic, JsonForm form, NamesrvConfig cfg) {
        long kvGeneration = cfg.orderMessageEnable() ? kv.generation() : -1;
        return cache.get(topic, form, registry.generation(), kvGeneration);
    }

    private RemotingCommand route(RemotingCommand request, NamesrvConfig cfg) {
        GetRouteInfoRequestHeader header = GetRouteInfoRequestHeader.decode(request.fields());
        String topic = header.topic();
        JsonForm form = form(header, request);
        long kvGeneration = cfg.orderMessageEnable() ? kv.generation() : -1;
        byte[] cached = cachedRoute(topic, form, cfg);
        if (cached != null) {
            return withBody(cached);
        }
        RouteSnapshot snapshot = registry.route(topic, cfg.supportActingMaster());
        if (snapshot.route() == null) {
            return Responses.error(
                    ResponseCode.TOPIC_NOT_EXIST,
                    NO_ROUTE_REMARK + "'" + topic + "': no live broker hosts it on this Skiff name server");
        }
        TopicRouteData route = snapshot.route();
        if (cfg.orderMessageEnable()) {
            String orderConf = kv.get(KvConfigStore.ORDER_TOPIC_CONFIG, topic);
            if (orderConf != null) {
                route = route.withOrderTopicConf(orderConf);
            }
        }
        byte[] body = route.encode(form);
        cache.put(topic, form, snapshot.generation(), kvGeneration, body);
        return withBody(body);
    }

    private RemotingCommand topicsByCluster(RemotingCommand request, NamesrvConfig cfg) {
        if (!cfg.enableTopicList()) {
            return Responses.disabled();
        }
        GetTopicsByClusterRequestHeader header = GetTopicsByClusterRequestHeader.decode(request.fields());
        return withBody(registry.topicsByCluster(header.cluster()).encode());
    }

    private RemotingCommand unitTopics(NamesrvConfig cfg, UnitFilter filter) {
        return cfg.enableTopicList() ? withBody(registry.unitTopics(filter).encode()) : Responses.disabled();
    }

    private RemotingCommand memberGroup(RemotingCommand request) {
        GetBrokerMemberGroupRequestHeader header = GetBrokerMemberGroupRequestHeader.decode(request.fields());
        return withBody(
                registry.memberGroup(header.clusterName(), header.brokerName()).encodeResponseBody());
    }

    private static RemotingCommand withBody(byte[] body) {
        return RemotingCommand.success().body(body);
    }
}
