package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.StoredMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync flush hands messages to the flush thread, which appends a round in hand-over order and forces once. */
class GroupCommitTest {
    @TempDir
    Path dir;

    private StoreConfig syncConfig() {
        return Fixtures.smallConfig(dir)
                .commitLogSegmentBytes(4 << 20)
                .flushMode(StoreConfig.FlushMode.SYNC)
                .build();
    }

    @Test
    void messagesHandedOverWithoutWaitingKeepTheirOrder() {
        try (DefaultMessageStore s = Fixtures.open(syncConfig(), Fixtures.clock())) {
            List<CompletableFuture<PutResult>> fs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                fs.add(
                        i % 10 == 9
                                ? s.putMessages(List.of(
                                        Fixtures.msg("T", 0, ("m" + i + "a").getBytes(), ""),
                                        Fixtures.msg("T", 0, ("m" + i + "b").getBytes(), "")))
                                : s.putMessage(Fixtures.msg("T", 0, ("m" + i).getBytes(), "")));
            }
            long expectedQueueOffset = 0;
            long lastPhysical = -1;
            for (CompletableFuture<PutResult> f : fs) {
                PutResult r = f.join();
                assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
                assertThat(r.queueOffset()).isEqualTo(expectedQueueOffset);
                assertThat(r.physicalOffset()).isGreaterThan(lastPhysical);
                expectedQueueOffset += r.messageCount();
                lastPhysical = r.physicalOffset();
            }
            assertThat(s.awaitDispatched(5_000)).isTrue();
            try (GetResult g = s.getMessages("T", 0, 0, 1000, 64 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize((int) expectedQueueOffset);
                StoredMessage tenth = Fixtures.decode(g.records().get(9));
                assertThat(new String(tenth.body())).isEqualTo("m9a");
            }
            assertThat(s.commitLogMaxOffset()).isGreaterThan(lastPhysical);
        }
    }

    @Test
    void refusedMessagesAreAnsweredAndNotStored() {
        try (DefaultMessageStore s = Fixtures.open(syncConfig(), Fixtures.clock())) {
            PutResult bad =
                    s.putMessage(Fixtures.msg("T", -1, "x".getBytes(), "")).join();
            assertThat(bad.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
            assertThat(s.commitLogMaxOffset()).isZero();
            PutResult ok =
                    s.putMessage(Fixtures.msg("T", 0, "y".getBytes(), "")).join();
            assertThat(ok.status()).isEqualTo(PutStatus.PUT_OK);
            assertThat(ok.physicalOffset()).isZero();
        }
    }

    @Test
    void closingAnswersEveryHandedOverMessage() {
        DefaultMessageStore s = Fixtures.open(syncConfig(), Fixtures.clock());
        List<CompletableFuture<PutResult>> fs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fs.add(s.putMessage(Fixtures.msg("T", 0, new byte[200], "")));
        }
        s.close();
        for (CompletableFuture<PutResult> f : fs) {
            PutStatus st = f.join().status();
            assertThat(st).isIn(PutStatus.PUT_OK, PutStatus.SERVICE_NOT_AVAILABLE);
        }
        long stored = fs.stream().filter(f -> f.join().isOk()).count();
        try (DefaultMessageStore reopened = Fixtures.open(syncConfig(), Fixtures.clock())) {
            assertThat(reopened.maxOffsetInQueue("T", 0)).isEqualTo(stored);
        }
    }
}
