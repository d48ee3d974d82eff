package dev.skiff.console;

import dev.skiff.common.json.JsonArray;
import dev.skiff.common.json.JsonObject;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON API: each path with its method and what answers it. Reads are GET with query
 * parameters; actions are POST with a JSON object body and are refused unless writes are enabled.
 *
 * <table>
 *   <caption>paths</caption>
 *   <tr><th>path</th><th>method</th><th>parameters</th><th>answer</th></tr>
 *   <tr><td>/api/info</td><td>GET</td><td></td><td>{@code writeEnabled}, {@code namesrvAddr}, {@code pageSizeMax}</td></tr>
 *   <tr><td>/api/cluster</td><td>GET</td><td></td><td>broker groups, each replica's role, figures and replication</td></tr>
 *   <tr><td>/api/topics</td><td>GET</td><td>q, system, page, size</td><td>a page of topic names</td></tr>
 *   <tr><td>/api/topic</td><td>GET</td><td>name</td><td>queues and offsets per broker, put rate</td></tr>
 *   <tr><td>/api/groups</td><td>GET</td><td>q, system, page, size</td><td>a page of consumer group names</td></tr>
 *   <tr><td>/api/group</td><td>GET</td><td>name, page, size</td><td>lag per queue (paged), members</td></tr>
 *   <tr><td>/api/message</td><td>GET</td><td>topic, key | id</td><td>matching messages with properties and body</td></tr>
 *   <tr><td>/api/send</td><td>POST</td><td>topic, body, key, tag</td><td>where the test message was stored</td></tr>
 *   <tr><td>/api/topic/create</td><td>POST</td><td>topic, queues, cluster</td><td>the brokers it was created on</td></tr>
 *   <tr><td>/api/group/reset-offset</td><td>POST</td><td>group, topic, timestamp</td><td>queues reset per broker</td></tr>
 * </table>
 */
final class ApiRoutes {
    /** One route: its HTTP method and its handler. */
    record Route(String method, Function<Params, JsonObject> handler) {}

    private final Map<String, Route> routes;

    ApiRoutes(
            ConsoleConfig config,
            ClusterReader cluster,
            GroupReader groups,
            MessageLookup messages,
            ConsoleActions actions) {
        int pageMax = config.consolePageSizeMax();
        routes = Map.of(
                "/api/info",
                        new Route(
                                "GET",
                                p -> new JsonObject()
                                        .put("writeEnabled", actions.enabled())
                                        .put("namesrvAddr", JsonArray.ofStrings(config.namesrvAddr()))
                                        .put("pageSizeMax", pageMax)),
                "/api/cluster", new Route("GET", p -> cluster.cluster()),
                "/api/topics", new Route("GET", p -> cluster.topics(p, Page.of(p, pageMax))),
                "/api/topic", new Route("GET", p -> cluster.topic(ConsoleActions.name(p, "name"))),
                "/api/groups", new Route("GET", p -> groups.groups(p, Page.of(p, pageMax))),
                "/api/group", new Route("GET", p -> groups.group(ConsoleActions.name(p, "name"), Page.of(p, pageMax))),
                "/api/message", new Route("GET", messages::find),
                "/api/send", new Route("POST", actions::send),
                "/api/topic/create", new Route("POST", actions::createTopic),
                "/api/group/reset-offset", new Route("POST", actions::resetOffset));
    }

    /** The route at {@code path}, or null. */
    Route route(String path) {
        return routes.get(path);
    }

    /** Every API path (the page test checks the script calls only these). */
    java.util.Set<String> paths() {
        return routes.keySet();
    }
}
