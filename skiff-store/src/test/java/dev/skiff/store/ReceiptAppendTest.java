package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.TagHash;
import dev.skiff.store.engine.DefaultMessageStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocation-free append path: receipts, the shared flush stage, in-place dispatch. */
class ReceiptAppendTest {
    @TempDir
    Path dir;

    @Test
    void receiptTellsWhereRecordsWentAndAsyncFlushIsTheSharedStage() {
        try (DefaultMessageStore s = Fixtures.open(Fixtures.smallConfig(dir).build(), Fixtures.clock())) {
            PutReceipt r = new PutReceipt();
            assertThat(s.append(Fixtures.msg("T", 1, "one", "A", null), r)).isEqualTo(PutStatus.PUT_OK);
            long first = r.physicalOffset();
            assertThat(r.queueOffset()).isZero();
            assertThat(r.endOffset()).isEqualTo(first + r.wroteBytes());
            Object stage = s.whenFlushed(r.endOffset());
            assertThat(stage == s.whenFlushed(r.endOffset()))
                    .as("one shared stage")
                    .isTrue();
            assertThat(s.whenFlushed(r.endOffset()).join()).isEqualTo(PutStatus.PUT_OK);

            var batch = List.of(Fixtures.msg("T", 1, "two", "A", null), Fixtures.msg("T", 1, "three", "A", null));
            assertThat(s.appendAll(batch, r)).isEqualTo(PutStatus.PUT_OK);
            assertThat(r.messageCount()).isEqualTo(2);
            assertThat(r.queueOffset()).isEqualTo(1);
            assertThat(r.recordOffset(0)).isEqualTo(r.physicalOffset());
            assertThat(r.recordOffset(1)).isGreaterThan(r.recordOffset(0)).isLessThan(r.endOffset());
            PutResult result = r.toResult(PutStatus.PUT_OK);
            assertThat(result.recordPhysicalOffsets()).containsExactly(r.recordOffset(0), r.recordOffset(1));

            long endBefore = r.endOffset();
            assertThat(s.append(Fixtures.msg("T", -1, "bad queue", "A", null), r))
                    .isEqualTo(PutStatus.MESSAGE_ILLEGAL);
            assertThat(r.endOffset()).isEqualTo(endBefore);
            assertThat(s.commitLogMaxOffset()).isEqualTo(endBefore);
        }
    }

    @Test
    void nonAsciiTopicTagsAndKeysAreDispatchedAndIndexed() {
        try (DefaultMessageStore s = Fixtures.open(Fixtures.smallConfig(dir).build(), Fixtures.clock())) {
            String props = MessageProperties.encode(Map.of(
                    MessageProperties.TAGS, "标签", MessageProperties.KEYS, "键1 k2", MessageProperties.UNIQ_KEY, "Ü1"));
            Fixtures.put(s, Fixtures.msg("主题", 0, "body".getBytes(), props));
            assertThat(s.awaitDispatched(5_000)).isTrue();
            try (GetResult g = s.getMessages("主题", 0, 0, 1, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.status()).isEqualTo(GetStatus.FOUND);
                assertThat(g.records().get(0).tagsCode()).isEqualTo(TagHash.of("标签"));
            }
            for (String key : List.of("键1", "k2", "Ü1")) {
                try (RecordLease l = s.queryMessages("主题", key, 10, 0, Long.MAX_VALUE)) {
                    assertThat(l.count()).as(key).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void asyncAppendAndDispatchAllocateNothingPerMessage() throws Exception {
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .commitLogSegmentBytes(64 << 20)
                .consumeQueueEntriesPerFile(300_000)
                .indexSlotCount(50_000)
                .indexEntryCount(200_000)
                .build();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            String props = MessageProperties.encode(Map.of(
                    MessageProperties.TAGS,
                    "TagA",
                    MessageProperties.KEYS,
                    "order-1",
                    MessageProperties.UNIQ_KEY,
                    "U1"));
            MessageToStore m = Fixtures.msg("T", 0, new byte[1024], props);
            PutReceipt r = new PutReceipt();
            int rounds = 20_000;
            appendAll(s, m, r, rounds);
            assertThat(s.awaitDispatched(10_000)).isTrue();
            long dispatcher = threadId("skiff-store-dispatch");
            long writerBefore = threads.getCurrentThreadAllocatedBytes();
            long dispatcherBefore = threads.getThreadAllocatedBytes(dispatcher);
            appendAll(s, m, r, rounds);
            long writerBytes = threads.getCurrentThreadAllocatedBytes() - writerBefore;
            assertThat(s.awaitDispatched(10_000)).isTrue();
            long dispatcherBytes = threads.getThreadAllocatedBytes(dispatcher) - dispatcherBefore;
            assertThat(writerBytes / (double) rounds)
                    .as("writer bytes per append")
                    .isLessThan(1.0);
            assertThat(dispatcherBytes / (double) rounds)
                    .as("dispatcher bytes per record")
                    .isLessThan(1.0);
        }
    }

    private static void appendAll(MessageStore s, MessageToStore m, PutReceipt r, int n) {
        for (int i = 0; i < n; i++) {
            if (s.append(m, r) != PutStatus.PUT_OK) {
                throw new AssertionError("append " + i + " refused");
            }
        }
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .threadId();
    }
}
