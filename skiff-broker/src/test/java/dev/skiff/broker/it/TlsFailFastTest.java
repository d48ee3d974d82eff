package dev.skiff.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 client with TLS on against Skiff ports with TLS disabled: the server sees a
 * TLS handshake (first byte 0x16), answers it with a fatal TLS alert and closes, so the client
 * fails at once with a TLS error instead of waiting for its request timeout.
 */
@Timeout(120)
class TlsFailFastTest {
    private static final int CLIENT_TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    private SkiffTestCluster cluster;
    private DefaultMQProducer producer;

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTlsClientAgainstAPlainServerFailsAtOnce() throws Exception {
        cluster = SkiffTestCluster.start(dir);
        producer = new DefaultMQProducer("pg-tls-fail-fast");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("tls-fail-fast-" + System.nanoTime());
        producer.setUseTLS(true);
        producer.setSendMsgTimeout(CLIENT_TIMEOUT_MS);
        producer.setMqClientApiTimeout(CLIENT_TIMEOUT_MS);
        producer.start();
        long t0 = System.nanoTime();
        Throwable error =
                catchThrowable(() -> producer.send(new Message("FailFastTopic", "x".getBytes(StandardCharsets.UTF_8))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder causes = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            causes.append(t).append(" <- ");
        }
        System.out.printf("TLS client against a plain name server failed after %d ms: %s%n", ms, causes);
        assertThat(error).isNotNull();
        assertThat(ms).isLessThan(CLIENT_TIMEOUT_MS / 3);
        long t1 = System.nanoTime();
        assertThat(catchThrowable(
                        () -> producer.send(new Message("FailFastTopic", "y".getBytes(StandardCharsets.UTF_8)))))
                .isNotNull();
        System.out.printf(
                "second send (TLS set up already) failed after %d ms%n", (System.nanoTime() - t1) / 1_000_000);
    }

    @Test
    void theHandshakeIsAnsweredWithAFatalAlertAtOnce() throws Exception {
        cluster = SkiffTestCluster.start(dir);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAny()}, null);
        for (String address : new String[] {cluster.namesrvAddr(), cluster.brokerAddr()}) {
            int colon = address.lastIndexOf(':');
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
                socket.setSoTimeout(CLIENT_TIMEOUT_MS);
                long t0 = System.nanoTime();
                Throwable error = catchThrowable(socket::startHandshake);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("handshake with plain %s refused after %d ms: %s%n", address, ms, error);
                assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("handshake_failure");
                assertThat(ms).isLessThan(CLIENT_TIMEOUT_MS / 3);
            }
        }
    }

    /** Accepts any server certificate: the handshake never gets that far. */
    private static final class TrustAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
