package dev.skiff.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonException;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two HTTP handlers: {@link #api} answers {@code /api/...} with JSON, {@link #assets} serves
 * the pages. Every answer carries {@code X-Content-Type-Options: nosniff}; pages also a
 * content-security policy that allows only the console's own scripts and styles, so text from the
 * cluster (topic names, message bodies) can never run as script even if a page mis-rendered it.
 *
 * <p>Actions (POST) must come as {@code application/json} with no foreign {@code Origin}: a form
 * on another site cannot send that content type without the browser asking first, so a visited
 * page cannot drive a console the operator has open.
 */
final class HttpHandlers {
    private static final Logger log = LoggerFactory.getLogger(HttpHandlers.class);
    /** Keys as strings, members in the order built, large numbers as numbers. */
    private static final JsonWriteOptions OUT = new JsonWriteOptions(false, true, false, false);

    private static final int QUERY_MAX_CHARS = 8 * 1024;
    private static final String PAGE_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ApiRoutes routes;
    private final StaticAssets pages;
    private final int bodyMaxBytes;

    HttpHandlers(ApiRoutes routes, StaticAssets pages, int bodyMaxBytes) {
        this.routes = routes;
        this.pages = pages;
        this.bodyMaxBytes = bodyMaxBytes;
    }

    HttpHandler api() {
        return exchange -> {
            try (exchange) {
                int status = 200;
                JsonObject answer;
                try {
                    answer = answer(exchange);
                } catch (ConsoleException e) {
                    status = e.status();
                    answer = new JsonObject().put("error", e.getMessage());
                } catch (RuntimeException e) {
                    log.warn(
                            "console request {} failed",
                            exchange.getRequestURI().getPath(),
                            e);
                    status = 500;
                    answer = new JsonObject()
                            .put("error", "internal error: " + e.getClass().getSimpleName());
                }
                byte[] bytes = Json.write(answer, OUT).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    private JsonObject answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        ApiRoutes.Route route = routes.route(path);
        if (route == null) {
            throw new ConsoleException(ConsoleException.NOT_FOUND, "no API path " + path);
        }
        String method = exchange.getRequestMethod();
        if (!route.method().equals(method)) {
            exchange.getResponseHeaders().set("Allow", route.method());
            throw new ConsoleException(ConsoleException.METHOD_NOT_ALLOWED, path + " takes " + route.method());
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.length() > QUERY_MAX_CHARS) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "query longer than " + QUERY_MAX_CHARS);
        }
        Params params = method.equals("POST") ? bodyParams(exchange) : Params.ofQuery(query);
        return route.handler().apply(params);
    }

    private Params bodyParams(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ConsoleException(ConsoleException.UNSUPPORTED_MEDIA_TYPE, "actions take application/json");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null
                && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
            throw new ConsoleException(
                    ConsoleException.FORBIDDEN, "actions are accepted from the console's own page only");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(bodyMaxBytes + 1);
        }
        if (body.length > bodyMaxBytes) {
            throw new ConsoleException(
                    ConsoleException.TOO_LARGE, "request body larger than " + bodyMaxBytes + " bytes");
        }
        JsonValue json;
        try {
            json = JsonReader.parse(body, new JsonReader.Limits(8, bodyMaxBytes));
        } catch (JsonException e) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "body is not JSON: " + e.getMessage());
        }
        if (!(json instanceof JsonObject object)) {
            throw new ConsoleException(ConsoleException.BAD_REQUEST, "body must be a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<Object, JsonValue> e : object.entries()) {
            JsonValue v = e.getValue();
            if (v instanceof JsonObject || v.isNull() || v instanceof dev.skiff.common.json.JsonArray) {
                throw new ConsoleException(
                        ConsoleException.BAD_REQUEST,
                        "member '" + JsonObject.keyText(e.getKey()) + "' must be a string, number or boolean");
            }
            values.put(JsonObject.keyText(e.getKey()), v.asString());
        }
        return new Params(values);
    }

    HttpHandler assets() {
        return exchange -> {
            try (exchange) {
                StaticAssets.Asset asset = pages.get(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                if (asset == null || !exchange.getRequestMethod().equals("GET")) {
                    byte[] text = "not found\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(404, text.length);
                    exchange.getResponseBody().write(text);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", asset.contentType());
                exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
                exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
                exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                exchange.sendResponseHeaders(200, asset.bytes().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(asset.bytes());
                }
            }
        };
    }
}
