package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import dev.skiff.remoting.protocol.controller.ControllerCodes;
import dev.skiff.remoting.protocol.controller.GetMetaDataResponseHeader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff controller} as a child process: a one-peer quorum leads and answers metadata. */
class ControllerCommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void aSinglePeerControllerLeadsAndStopsOnSigterm() throws Exception {
        int listen = ChildSkiff.freePort();
        int raft = ChildSkiff.freePort();
        Path output = dir.resolve("controller.out");
        Process process = ChildSkiff.start(
                dir,
                output,
                256,
                "controller",
                "--id",
                "n0",
                "--listen",
                "127.0.0.1:" + listen,
                "--peers",
                "n0=127.0.0.1:" + raft,
                "--data",
                dir.resolve("data").toString());
        try {
            ChildSkiff.awaitOutput(process, output, "skiff controller n0 listening on", 60);
            String address = "127.0.0.1:" + listen;
            try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
                GetMetaDataResponseHeader meta = awaitLeaderMetadata(client, address);
                assertThat(meta.isLeader()).isTrue();
                assertThat(meta.controllerLeaderId()).isEqualTo("n0");
                assertThat(meta.controllerLeaderAddress()).isEqualTo(address);
            }
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aNameServerCarriesAControllerPeerWithTheSameFlagsAfterDashDashController() throws Exception {
        int namesrvPort = ChildSkiff.freePort();
        int listen = ChildSkiff.freePort();
        int raft = ChildSkiff.freePort();
        int metricsPort = ChildSkiff.freePort();
        Path output = dir.resolve("namesrv.out");
        Process process = ChildSkiff.start(
                dir,
                output,
                256,
                "namesrv",
                "--listen",
                "127.0.0.1:" + namesrvPort,
                "--data",
                dir.resolve("namesrv").toString(),
                "--controller",
                "--id",
                "n0",
                "--listen",
                "127.0.0.1:" + listen,
                "--peers",
                "n0=127.0.0.1:" + raft,
                "--data",
                dir.resolve("controller").toString(),
                "--metrics",
                "127.0.0.1:" + metricsPort);
        try {
            ChildSkiff.awaitOutput(process, output, "skiff controller n0 listening on", 60);
            String address = "127.0.0.1:" + listen;
            try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
                GetMetaDataResponseHeader meta = awaitLeaderMetadata(client, address);
                assertThat(meta.isLeader()).isTrue();
                assertThat(meta.controllerLeaderAddress()).isEqualTo(address);
                // the same process answers as a name server on its own port
                RemotingCommand topics = client.invokeSync(
                        "127.0.0.1:" + namesrvPort,
                        RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                        5_000);
                assertThat(topics.code()).isEqualTo(ResponseCode.SUCCESS.code());
            }
            // and serves the peer's metrics, with the official controller series
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("request_total{", "\nrole");
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void badControllerFlagsAfterNamesrvExitWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SkiffMain.run(
                new String[] {"namesrv", "--listen", "127.0.0.1:0", "--controller", "--id", "n0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
    }

    /** Asks the peer at {@code address} for its metadata until it names a leader (bounded, 30 s). */
    private static GetMetaDataResponseHeader awaitLeaderMetadata(NettyRemotingClient client, String address)
            throws Exception {
        GetMetaDataResponseHeader[] meta = {null};
        Await.until(Duration.ofSeconds(30), () -> {
            RemotingCommand r = client.invokeSync(
                    address, RemotingCommand.request(ControllerCodes.CONTROLLER_GET_METADATA_INFO), 5_000);
            meta[0] = GetMetaDataResponseHeader.decode(r.fields());
            return meta[0].controllerLeaderAddress() != null;
        });
        assertThat(meta[0]).as("metadata from " + address).isNotNull();
        return meta[0];
    }

    @Test
    void badArgumentsExitWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SkiffMain.run(
                new String[] {
                    "controller", "--id", "n9", "--listen", "127.0.0.1:1", "--peers", "n0=127.0.0.1:2", "--data", "x"
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("n9").contains("usage: skiff controller");
    }
}
