package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.message.TagHash;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.dispatch.TagsCodeFunction;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker-supplied tag-code hook is what the dispatcher writes, also when queues are rebuilt. */
class TagsCodeFunctionTest {
    @TempDir
    Path dir;

    private static final TagsCodeFunction DELIVERY_TIME = (topic, queueId, props, storeTs) -> topic.equals("DELAYED")
            ? storeTs + 1000L * (queueId + 1)
            : TagsCodeFunction.TAG_HASH.tagsCode(topic, queueId, props, storeTs);

    @Test
    void dispatcherUsesTheSuppliedFunction() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s =
                new DefaultMessageStore(cfg, Fixtures.clock(), () -> 0.1, ArrivalListener.NONE, DELIVERY_TIME)) {
            s.start();
            Fixtures.put(s, Fixtures.msg("DELAYED", 2, "a", "TagA", null));
            Fixtures.put(s, Fixtures.msg("PLAIN", 0, "b", "TagA", null));
            assertThat(tagsCode(s, "DELAYED", 2)).isEqualTo(Fixtures.T0 + 3000);
            assertThat(tagsCode(s, "PLAIN", 0)).isEqualTo(TagHash.of("TagA"));
        }
    }

    @Test
    void defaultConstructorKeepsTheTagHash() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            Fixtures.put(s, Fixtures.msg("DELAYED", 0, "a", "TagB", null));
            assertThat(tagsCode(s, "DELAYED", 0)).isEqualTo(TagHash.of("TagB"));
        }
    }

    private static long tagsCode(DefaultMessageStore s, String topic, int queueId) {
        assertThat(s.awaitDispatched(5_000)).as("dispatched").isTrue();
        try (GetResult r = s.getMessages(topic, queueId, 0, 1, 1 << 20, MessageFilter.ALL)) {
            assertThat(r.status()).isEqualTo(GetStatus.FOUND);
            return r.records().get(0).tagsCode();
        }
    }
}
