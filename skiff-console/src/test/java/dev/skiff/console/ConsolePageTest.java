package dev.skiff.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages as a browser would fetch them, without a browser: the page loads with its security
 * headers, every file it references is served with the right type, the script calls only API
 * paths that exist, and the script never turns text into markup. The console here points at a
 * name server that is not running: pages are served whatever the cluster's state, and the API
 * says the cluster cannot be reached instead of failing.
 */
class ConsolePageTest {
    /** {@code src="..."} and {@code href="..."} in the page. */
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"");
    /** String literals in the script that start with {@code /api/}. */
    private static final Pattern API_PATH = Pattern.compile("'(/api/[a-z/-]*)'");

    private ConsoleServer server;
    private ConsoleHttp http;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("namesrvAddr", "127.0.0.1:1");
        p.setProperty("consoleListenPort", "0");
        p.setProperty("consoleRpcTimeoutMs", "1000");
        server = new ConsoleServer(ConsoleConfig.fromProperties(p), SkiffClock.system());
        server.start();
        http = new ConsoleHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageLoadsWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("<title>Skiff console</title>");
        assertThat(http.get("/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void everyReferencedAssetIsServedWithItsType() throws Exception {
        String page = http.get("/").body();
        Set<String> refs = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(page);
        while (m.find()) {
            refs.add(m.group(1));
        }
        assertThat(refs).containsExactlyInAnyOrder("console.css", "console.js");
        for (String ref : refs) {
            assertThat(ref).as("no asset from elsewhere").doesNotContain("//");
            HttpResponse<byte[]> r = http.getBytes("/" + ref);
            assertThat(r.statusCode()).as(ref).isEqualTo(200);
            assertThat(r.body().length).as(ref).isPositive();
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            assertThat(type).startsWith(ref.endsWith(".js") ? "text/javascript" : "text/css");
        }
        assertThat(http.get("/nothing.js").statusCode()).isEqualTo(404);
        assertThat(http.get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(http.get("/web/console.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theScriptCallsOnlyApiPathsThatExistAndNeverWritesMarkup() throws Exception {
        String script = new String(http.getBytes("/console.js").body(), StandardCharsets.UTF_8);
        Set<String> called = new LinkedHashSet<>();
        Matcher m = API_PATH.matcher(script);
        while (m.find()) {
            called.add(m.group(1));
        }
        assertThat(called)
                .containsExactlyInAnyOrder(
                        "/api/info",
                        "/api/cluster",
                        "/api/topics",
                        "/api/topic",
                        "/api/groups",
                        "/api/group",
                        "/api/message",
                        "/api/send",
                        "/api/topic/create",
                        "/api/group/reset-offset");
        for (String path : called) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.body()).as(path).doesNotContain("no API path");
            assertThat(r.statusCode()).as(path).isNotEqualTo(404);
        }
        assertThat(script)
                .doesNotContain("innerHTML")
                .doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write")
                .doesNotContain("eval(");
    }

    @Test
    void anUnreachableClusterIsAClearError() throws Exception {
        HttpResponse<String> r = http.get("/api/cluster");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("127.0.0.1:1");
        assertThat(http.json("/api/info").getBoolean("writeEnabled", true)).isFalse();
    }
}
