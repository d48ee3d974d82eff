package dev.skiff.console;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless Chromium for a test class, driven over the Chrome DevTools Protocol: started with
 * {@code --remote-debugging-port=0} and a fresh profile folder, its DevTools port read from the
 * {@code DevTools listening on ws://127.0.0.1:PORT/...} line it prints on stderr, and its first
 * page reached through {@code /json/list} ({@link CdpPage}). {@link #close} ends this Chromium
 * only: the process this class started and the processes it started, by their ids.
 *
 * <p>Found at {@code /usr/bin/chromium} (Debian's {@code chromium} package) or where {@code
 * SKIFF_CHROMIUM} says.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration START_MAX = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final CdpPage page;

    private HeadlessChromium(Process process, int port, CdpPage page) {
        this.process = process;
        this.port = port;
        this.page = page;
    }

    static Path executable() {
        String configured = System.getenv("SKIFF_CHROMIUM");
        return Path.of(configured != null ? configured : "/usr/bin/chromium");
    }

    static boolean installed() {
        return Files.isExecutable(executable());
    }

    /** Starts Chromium with a profile under {@code profile} and connects to its first page. */
    static HeadlessChromium start(Path profile) throws Exception {
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(List.of(
                        executable().toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=1280,900",
                        "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            int port = devToolsPort(process);
            return new HeadlessChromium(process, port, CdpPage.connect(pageSocket(port)));
        } catch (Exception | AssertionError e) {
            kill(process);
            throw e;
        }
    }

    /** Reads stderr until the DevTools line (and keeps draining it so Chromium never blocks on it). */
    private static int devToolsPort(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                port.complete(Integer.parseInt(m.group(1)));
                            }
                        }
                        port.completeExceptionally(new IOException("chromium exited before listening"));
                    } catch (IOException e) {
                        port.completeExceptionally(e);
                    }
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return port.get(START_MAX.toSeconds(), TimeUnit.SECONDS);
    }

    /** The DevTools WebSocket of the browser's first page. */
    private static URI pageSocket(int port) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonValue target : Json.parse(r.body()).asArray()) {
            JsonObject t = target.asObject();
            if ("page".equals(t.getString("type"))) {
                return URI.create(t.getString("webSocketDebuggerUrl"));
            }
        }
        throw new IOException("no page target in " + r.body());
    }

    CdpPage page() {
        return page;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        page.close();
        kill(process);
    }

    /** Ends {@code process} and every process it started, by id; waits at most 10 s. */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
