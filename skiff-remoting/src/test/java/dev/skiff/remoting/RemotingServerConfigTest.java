package dev.skiff.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.remoting.protocol.SerializeType;
import org.junit.jupiter.api.Test;

/** Each wither replaces its one field, and a copy is checked as a new config is. */
class RemotingServerConfigTest {
    private final RemotingServerConfig base = RemotingServerConfig.defaults(9876);

    @Test
    void eachWitherReplacesOnlyItsField() {
        TlsSettings tls = base.tls();
        assertThat(base.withBindHost("127.0.0.1"))
                .isEqualTo(copy("127.0.0.1", 2, 16 << 20, 120_000, SerializeType.JSON, tls, 0, 30_000));
        assertThat(base.withIoThreads(7))
                .isEqualTo(copy("0.0.0.0", 7, 16 << 20, 120_000, SerializeType.JSON, tls, 0, 30_000));
        assertThat(base.withFrameMaxBytes(4096))
                .isEqualTo(copy("0.0.0.0", 2, 4096, 120_000, SerializeType.JSON, tls, 0, 30_000));
        assertThat(base.withIdleTimeoutMs(5))
                .isEqualTo(copy("0.0.0.0", 2, 16 << 20, 5, SerializeType.JSON, tls, 0, 30_000));
        assertThat(base.withSerializeType(SerializeType.ROCKETMQ))
                .isEqualTo(copy("0.0.0.0", 2, 16 << 20, 120_000, SerializeType.ROCKETMQ, tls, 0, 30_000));
        assertThat(base.withPartialFramesMaxBytes(1 << 20))
                .isEqualTo(copy("0.0.0.0", 2, 16 << 20, 120_000, SerializeType.JSON, tls, 1 << 20, 30_000));
        assertThat(base.withFrameDeadlineMs(0))
                .isEqualTo(copy("0.0.0.0", 2, 16 << 20, 120_000, SerializeType.JSON, tls, 0, 0));
        TlsSettings other = TlsOptions.disabled().server();
        assertThat(base.withTls(other))
                .isEqualTo(copy("0.0.0.0", 2, 16 << 20, 120_000, SerializeType.JSON, other, 0, 30_000));
    }

    @Test
    void aCopyIsCheckedAsANewConfig() {
        assertThatThrownBy(() -> base.withIoThreads(0)).hasMessageContaining("ioThreads");
        assertThatThrownBy(() -> base.withFrameMaxBytes(10)).hasMessageContaining("frameMaxBytes");
        assertThatThrownBy(() -> base.withBindHost(" ")).hasMessageContaining("bindHost");
        assertThat(base.port()).isEqualTo(9876);
    }

    private RemotingServerConfig copy(
            String host,
            int ioThreads,
            int frameMaxBytes,
            long idleMs,
            SerializeType type,
            TlsSettings tls,
            long partialBytes,
            long deadlineMs) {
        return new RemotingServerConfig(
                host, 9876, ioThreads, frameMaxBytes, idleMs, type, true, tls, partialBytes, deadlineMs);
    }
}
