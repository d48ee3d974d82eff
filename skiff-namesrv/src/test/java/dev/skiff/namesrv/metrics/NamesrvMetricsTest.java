package dev.skiff.namesrv.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name server's {@code /metrics} over real HTTP, and no endpoint when metrics are off. */
class NamesrvMetricsTest {
    @TempDir
    Path dir;

    @Test
    void servesRegistryAndJvmFigures() throws Exception {
        Properties props = new Properties();
        props.setProperty("listenHost", "127.0.0.1");
        props.setProperty("listenPort", "0");
        props.setProperty("homeDir", dir.toString());
        props.setProperty("metricsExporterType", "prom");
        props.setProperty("metricsPromExporterPort", "0");
        try (NamesrvServer server = new NamesrvServer(NamesrvConfig.fromProperties(props), SkiffClock.system())) {
            server.start();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.metrics().port() + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            String node = "node_id=\"" + server.address() + "\",node_type=\"namesrv\"";
            assertThat(response.body())
                    .contains("# TYPE skiff_namesrv_brokers_live gauge")
                    .contains("skiff_namesrv_brokers_live{" + node + "} 0.0")
                    .contains("skiff_namesrv_clusters{" + node + "} 0.0")
                    .contains("skiff_jvm_memory_used_bytes{area=\"heap\"," + node + "}");
        }
    }

    @Test
    void offByDefault() throws Exception {
        NamesrvConfig config =
                NamesrvConfig.defaults().withListen("127.0.0.1", 0).withHomeDir(dir);
        try (NamesrvServer server = new NamesrvServer(config, SkiffClock.system())) {
            server.start();
            assertThat(server.metrics()).isNull();
        }
    }
}
