package dev.skiff.store.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A light checkpoint forces only queues with enough unforced entries and reports where the
 * oldest unforced entry points into the commit log, so recovery can re-dispatch from there.
 */
class ConsumeQueueFlushTest {
    @TempDir
    Path dir;

    @Test
    void lightFlushSkipsQuietQueuesAndReportsTheirFirstUnforcedEntry() {
        ConsumeQueueStore store =
                new ConsumeQueueStore(dir.resolve("consumequeue"), dir.resolve("queuewatermark"), 10_000, 8);
        try {
            ConsumeQueue busy = store.findOrCreate("Busy", 0);
            ConsumeQueue quiet = store.findOrCreate("Quiet", 0);
            long phy = 0;
            for (int i = 0; i < 1_000; i++) { // 20,000 bytes: over two pages
                assertThat(busy.put(i, phy, 100, 0)).isTrue();
                phy += 100;
            }
            long quietFirst = phy;
            for (int i = 0; i < 3; i++) { // 60 bytes
                assertThat(quiet.put(i, phy, 100, 0)).isTrue();
                phy += 100;
            }

            assertThat(store.flushDirty(8192)).isEqualTo(quietFirst);
            assertThat(busy.flush(8192)).as("busy queue was forced").isEqualTo(Long.MAX_VALUE);

            assertThat(quiet.put(3, phy, 100, 0)).isTrue();
            assertThat(store.flushDirty(8192)).as("still below the threshold").isEqualTo(quietFirst);

            assertThat(store.flushDirty(0))
                    .as("a thorough round forces everything")
                    .isEqualTo(Long.MAX_VALUE);
            assertThat(store.flushDirty(8192)).isEqualTo(Long.MAX_VALUE);
        } finally {
            store.close();
        }
    }
}
