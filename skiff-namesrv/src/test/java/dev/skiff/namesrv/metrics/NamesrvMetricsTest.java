package dev.skiff.namesrv.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.SkiffClock;
import dev.skiff.namesrv.NamesrvServer;
import dev.skiff.namesrv.config.NamesrvConfig;
import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
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
            try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
                for (int i = 0; i < 3; i++) {
                    assertThat(client.invokeSync(
                                            server.address(),
                                            RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO),
                                            5_000)
                                    .code())
                            .isZero();
                }
                // one more on the same connection: the server handles it after the third
                // answer's write listener has counted it
                client.invokeSync(
                        server.address(),
                        RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                        5_000);
            }
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
                    .contains("skiff_jvm_memory_used_bytes{area=\"heap\"," + node + "}")
                    .contains("# TYPE rocketmq_rpc_latency_milliseconds histogram")
                    .contains("rocketmq_rpc_latency_milliseconds_count{is_long_polling=\"false\"," + node
                            + ",protocol_type=\"remoting\",request_code=\"get_broker_cluster_info\","
                            + "response_code=\"success\",result=\"success\"} 3");
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
