package dev.skiff.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.RemotingClientConfig;
import dev.skiff.remoting.netty.NettyRemotingClient;
import dev.skiff.remoting.protocol.RemotingCommand;
import dev.skiff.remoting.protocol.RequestCode;
import dev.skiff.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code skiff} command as a real child process: start, serve, stop on SIGTERM, bad input. */
class SkiffMainProcessTest {
    @TempDir
    Path dir;

    @Test
    void namesrvServesAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path config = dir.resolve("namesrv.properties");
        Files.writeString(config, "homeDir=" + dir.resolve("home") + "\n");
        Process process = start("namesrv", "--listen", "127.0.0.1:" + port, "--config", config.toString());
        try {
            awaitOutput(process, "listening on", 30);
            try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
                RemotingCommand response = client.invokeSync(
                        "127.0.0.1:" + port, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 5_000);
                assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("brokerAddrTable");
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(output()).contains("name server stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void standaloneServesOfficialProducerAndKeepsDataAcrossRestart() throws Exception {
        int namesrvPort = freePort();
        int brokerPort = freePort();
        String[] args = ChildSkiff.standaloneArgs(dir.resolve("data"), namesrvPort, brokerPort, writeSmallSegments());
        long firstOffset = sendOnceInChildProcess(args, namesrvPort);
        long secondOffset = sendOnceInChildProcess(args, namesrvPort);
        assertThat(firstOffset).isZero();
        assertThat(secondOffset).as("queue offset continues after a restart").isEqualTo(1);
    }

    private Path writeSmallSegments() throws IOException {
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, "mappedFileSizeCommitLog=16777216\n");
        return config;
    }

    /** Starts standalone, sends one message to queue 0 of a topic, stops it with SIGTERM. */
    private long sendOnceInChildProcess(String[] args, int namesrvPort) throws Exception {
        Process process = start(args);
        try {
            awaitOutput(process, "Skiff standalone is ready", 60);
            assertThat(output()).contains("namesrvAddr=127.0.0.1:" + namesrvPort);
            DefaultMQProducer producer = new DefaultMQProducer("pg-standalone");
            producer.setNamesrvAddr("127.0.0.1:" + namesrvPort);
            producer.setInstanceName("standalone-test-" + System.nanoTime());
            producer.setSendMsgTimeout(10_000);
            producer.start();
            SendResult result;
            try {
                result = producer.send(
                        new Message("StandaloneTopic", "hello".getBytes(StandardCharsets.UTF_8)),
                        (queues, message, arg) -> queues.get(0),
                        null);
            } finally {
                producer.shutdown();
            }
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output()).contains("stopped");
            return result.getQueueOffset();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void standaloneTakesRunTimeValuesOverItsConfigFileAndRefusesABadOne() throws Exception {
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, "mappedFileSizeCommitLog=16777216\nbrokerPermission=6\n");
        Path runtimeFile = dir.resolve("data/broker/config/broker-runtime.properties");
        Files.createDirectories(runtimeFile.getParent());
        Files.writeString(runtimeFile, "brokerPermission=lots\n");
        int brokerPort = freePort();
        String[] args = ChildSkiff.standaloneArgs(dir.resolve("data"), freePort(), brokerPort, config);

        Process bad = start(args);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(1);
        assertThat(output())
                .contains("cannot start")
                .contains("run-time config file " + runtimeFile + ", key 'brokerPermission'");

        Files.writeString(runtimeFile, "brokerPermission=4\n");
        Process process = start(args);
        try {
            awaitOutput(process, "Skiff standalone is ready", 60);
            assertThat(output())
                    .contains("broker config brokerPermission=4 from the run-time config file " + runtimeFile)
                    .contains("'brokerPermission' is 6 in the config file, but the run-time value 4");
            try (NettyRemotingClient client = new NettyRemotingClient(RemotingClientConfig.defaults())) {
                RemotingCommand response = client.invokeSync(
                        "127.0.0.1:" + brokerPort, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG), 5_000);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("brokerPermission=4\n");
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void unknownCommandAndBadArgumentsFailWithUsage() throws Exception {
        Process unknown = start("no-such-command");
        assertThat(unknown.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(output()).contains("unknown command 'no-such-command'").contains("usage: skiff");

        Process bad = start("namesrv", "--listen", "nonsense");
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(output()).contains("--listen wants host:port");
    }

    private Path outputFile() {
        return dir.resolve("out.txt");
    }

    private String output() throws IOException {
        return ChildSkiff.read(outputFile());
    }

    private Process start(String... args) throws IOException {
        return ChildSkiff.start(dir.resolve("logs"), outputFile(), 128, args);
    }

    private void awaitOutput(Process process, String text, int seconds) throws Exception {
        ChildSkiff.awaitOutput(process, outputFile(), text, seconds);
    }

    private static int freePort() throws IOException {
        return ChildSkiff.freePort();
    }
}
