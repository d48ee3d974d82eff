package dev.skiff.console;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonString;
import dev.skiff.common.json.JsonValue;
import dev.skiff.remoting.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser page driven over the Chrome DevTools Protocol with the JDK's WebSocket client:
 * commands are JSON {@code {id, method, params}}, answered by {@code {id, result | error}}; events
 * (no id) are ignored except {@code Runtime.exceptionThrown}, kept so a test can assert the page's
 * script threw nothing. Input goes through {@code Input.*} as a user's would: a click is a mouse
 * press and release at the element's centre, typing is {@code Input.insertText} into the focused
 * element. Every wait is bounded.
 */
final class CdpPage implements AutoCloseable {
    private static final Duration COMMAND_MAX = Duration.ofSeconds(30);

    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    private CdpPage() {}

    static CdpPage connect(URI webSocket) throws Exception {
        CdpPage page = new CdpPage();
        page.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(webSocket, page.new Listener())
                .get(COMMAND_MAX.toSeconds(), TimeUnit.SECONDS);
        page.send("Page.enable", new JsonObject());
        page.send("Runtime.enable", new JsonObject());
        page.send(
                "Emulation.setDeviceMetricsOverride",
                new JsonObject()
                        .put("width", 1280)
                        .put("height", 900)
                        .put("deviceScaleFactor", 1)
                        .put("mobile", false));
        return page;
    }

    /** Sends a command and waits for its result; a CDP error is thrown. */
    JsonObject send(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String frame =
                Json.write(new JsonObject().put("id", id).put("method", method).put("params", params));
        socket.sendText(frame, true).get(COMMAND_MAX.toSeconds(), TimeUnit.SECONDS);
        JsonObject response;
        try {
            response = answer.get(COMMAND_MAX.toSeconds(), TimeUnit.SECONDS);
        } finally {
            pending.remove(id);
        }
        if (response.has("error")) {
            throw new IOException(method + " failed: " + Json.write(response.get("error")));
        }
        return response.has("result") ? response.getObject("result") : new JsonObject();
    }

    /** Loads {@code url} (a new document, the page's script starts over). */
    void navigate(String url) throws Exception {
        send("Page.navigate", new JsonObject().put("url", url));
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and returns its value. */
    JsonValue eval(String expression) throws Exception {
        JsonObject r = send(
                "Runtime.evaluate",
                new JsonObject()
                        .put("expression", expression)
                        .put("returnByValue", true)
                        .put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("script failed: " + Json.write(r.get("exceptionDetails")));
        }
        JsonObject result = r.getObject("result");
        return result.has("value") ? result.get("value") : new JsonString("");
    }

    /** The visible text of the element {@code selector} selects, or "" when there is none. */
    String text(String selector) throws Exception {
        return eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
                        + " return e ? e.innerText : ''; })()")
                .asString();
    }

    /**
     * Waits until the text of {@code selector} contains {@code expected} (the script renders after
     * its fetches answer); returns that text. Fails after {@code max} with what was there.
     */
    String awaitText(String selector, String expected, Duration max) throws Exception {
        String[] seen = {""};
        boolean shown = Await.holdsWithin(max, () -> {
            try {
                seen[0] = text(selector);
            } catch (Exception e) {
                throw new AssertionError("reading '" + selector + "'", e);
            }
            return seen[0].contains(expected);
        });
        if (!shown) {
            throw new AssertionError("'" + selector + "' never showed '" + expected + "' within " + max
                    + "; it showed: " + seen[0] + "; page errors: " + scriptErrors);
        }
        return seen[0];
    }

    /** Clicks the element {@code jsElement} (an expression yielding it) with the mouse, at its centre. */
    void click(String jsElement) throws Exception {
        JsonValue centre = eval("(() => { const e = " + jsElement + "; e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect(); return [Math.round(r.x + r.width / 2),"
                + " Math.round(r.y + r.height / 2)]; })()");
        long x = centre.asArray().get(0).asLong();
        long y = centre.asArray().get(1).asLong();
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send(
                    "Input.dispatchMouseEvent",
                    new JsonObject()
                            .put("type", type)
                            .put("x", x)
                            .put("y", y)
                            .put("button", "left")
                            .put("clickCount", 1));
        }
    }

    /** Clicks into the field {@code selector}, empties it, and types {@code text} as a user would. */
    void type(String selector, String text) throws Exception {
        click("document.querySelector(" + quote(selector) + ")");
        eval("document.querySelector(" + quote(selector) + ").select ? document.querySelector(" + quote(selector)
                + ").select() : null");
        send("Input.insertText", new JsonObject().put("text", text));
    }

    /** Saves a PNG of the viewport. */
    void screenshot(Path file) throws Exception {
        JsonObject r = send("Page.captureScreenshot", new JsonObject().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.getString("data")));
    }

    /** Exceptions the page's scripts threw (and did not catch) so far. */
    List<String> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    static String quote(String s) {
        return Json.write(new JsonString(s));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                onMessage(message);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(String message) {
            JsonObject m;
            try {
                m = Json.parseObject(message.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                return; // an event our parser does not take; commands' answers are plain
            }
            if (m.has("id")) {
                CompletableFuture<JsonObject> answer = pending.get((int) m.getLong("id", -1));
                if (answer != null) {
                    answer.complete(m);
                }
            } else if ("Runtime.exceptionThrown".equals(m.getString("method"))) {
                scriptErrors.add(Json.write(m.get("params")));
            }
        }
    }
}
