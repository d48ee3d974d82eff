package dev.skiff.namesrv.processor;

import dev.skiff.namesrv.config.LiveConfig;
import dev.skiff.namesrv.kv.KvConfigStore;
import dev.skiff.namesrv.route.RouteCache;
import dev.skiff.namesrv.route.RouteRegistry;
import dev.skiff.remoting.RemotingChannel;
import dev.skiff.remoting.SyncRequestProcessor;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.body.KVTable;
import dev.skiff.remoting.protocol.header.AddWritePermOfBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.AddWritePermOfBrokerResponseHeader;
import dev.skiff.remoting.protocol.header.DeleteKvConfigRequestHeader;
import dev.skiff.remoting.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import dev.skiff.remoting.protocol.header.GetKvConfigRequestHeader;
import dev.skiff.remoting.protocol.header.GetKvConfigResponseHeader;
import dev.skiff.remoting.protocol.header.GetKvListByNamespaceRequestHeader;
import dev.skiff.remoting.protocol.header.PutKvConfigRequestHeader;
import dev.skiff.remoting.protocol.header.WipeWritePermOfBrokerRequestHeader;
import dev.skiff.remoting.protocol.header.WipeWritePermOfBrokerResponseHeader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin writes and KV config: PUT/GET/DELETE_KV_CONFIG (100–102), GET_KVLIST_BY_NAMESPACE (219),
 * WIPE/ADD_WRITE_PERM_OF_BROKER (205, 327), DELETE_TOPIC_IN_NAMESRV (216),
 * UPDATE/GET_NAMESRV_CONFIG (318, 319).
 */
public final class AdminProcessor implements SyncRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(AdminProcessor.class);

    private final RouteRegistry registry;
    private final KvConfigStore kv;
    private final LiveConfig config;
    private final RouteCache cache;

    public AdminProcessor(RouteRegistry registry, KvConfigStore kv, LiveConfig config, RouteCache cache) {
        this.registry = registry;
        this.kv = kv;
        this.config = config;
        this.cache = cache;
    }

    @Override
    public RemotingCommand handle(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> putKv(request);
            case RequestCode.GET_KV_CONFIG -> getKv(request);
            case RequestCode.DELETE_KV_CONFIG -> deleteKv(request);
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> listKv(request);
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> wipeWritePerm(channel, request);
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> addWritePerm(channel, request);
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(request);
            case RequestCode.UPDATE_NAMESRV_CONFIG -> updateConfig(channel, request);
            case RequestCode.GET_NAMESRV_CONFIG ->
                RemotingCommand.success().body(config.get().toPropertiesText().getBytes(StandardCharsets.UTF_8));
            default -> Responses.notSupported(request.code());
        };
    }

    private RemotingCommand putKv(RemotingCommand request) {
        PutKvConfigRequestHeader header = PutKvConfigRequestHeader.decode(request.fields());
        try {
            kv.put(header.namespace(), header.key(), header.value());
        } catch (IllegalStateException | UncheckedIOException e) {
            log.warn("PUT_KV_CONFIG {}/{} failed: {}", header.namespace(), header.key(), e.getMessage());
            return Responses.error(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        return RemotingCommand.success();
    }

    private RemotingCommand getKv(RemotingCommand request) {
        GetKvConfigRequestHeader header = GetKvConfigRequestHeader.decode(request.fields());
        String value = kv.get(header.namespace(), header.key());
        if (value == null) {
            return Responses.error(
                    ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + header.namespace() + " Key: " + header.key());
        }
        return RemotingCommand.success(new GetKvConfigResponseHeader(value));
    }

    private RemotingCommand deleteKv(RemotingCommand request) {
        DeleteKvConfigRequestHeader header = DeleteKvConfigRequestHeader.decode(request.fields());
        try {
            kv.delete(header.namespace(), header.key());
        } catch (UncheckedIOException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        return RemotingCommand.success();
    }

    private RemotingCommand listKv(RemotingCommand request) {
        GetKvListByNamespaceRequestHeader header = GetKvListByNamespaceRequestHeader.decode(request.fields());
        Map<String, String> table = kv.list(header.namespace());
        if (table == null) {
            return Responses.error(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + header.namespace());
        }
        return RemotingCommand.success().body(new KVTable(table).encode());
    }

    private RemotingCommand wipeWritePerm(RemotingChannel channel, RemotingCommand request) {
        WipeWritePermOfBrokerRequestHeader header = WipeWritePermOfBrokerRequestHeader.decode(request.fields());
        int count = registry.wipeWritePerm(header.brokerName());
        log.info(
                "wiped write perm of broker {} on {} topics, asked by {}",
                header.brokerName(),
                count,
                channel.remoteAddress());
        return RemotingCommand.success(new WipeWritePermOfBrokerResponseHeader(count));
    }

    private RemotingCommand addWritePerm(RemotingChannel channel, RemotingCommand request) {
        AddWritePermOfBrokerRequestHeader header = AddWritePermOfBrokerRequestHeader.decode(request.fields());
        int count = registry.addWritePerm(header.brokerName());
        log.info(
                "added write perm of broker {} on {} topics, asked by {}",
                header.brokerName(),
                count,
                channel.remoteAddress());
        return RemotingCommand.success(new AddWritePermOfBrokerResponseHeader(count));
    }

    private RemotingCommand deleteTopic(RemotingCommand request) {
        DeleteTopicFromNamesrvRequestHeader header = DeleteTopicFromNamesrvRequestHeader.decode(request.fields());
        registry.deleteTopic(header.topic(), header.clusterName());
        return RemotingCommand.success();
    }

    private RemotingCommand updateConfig(RemotingChannel channel, RemotingCommand request) {
        if (request.body() == null || request.body().length == 0) {
            return RemotingCommand.success();
        }
        Properties changes = new Properties();
        try {
            changes.load(new StringReader(new String(request.body(), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, "cannot parse properties: " + e.getMessage());
        }
        try {
            config.update(changes);
        } catch (IllegalStateException e) {
            return Responses.error(ResponseCode.NO_PERMISSION, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Responses.error(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        cache.clear();
        log.info("name server config updated by {}: {}", channel.remoteAddress(), changes);
        return RemotingCommand.success();
    }
}
