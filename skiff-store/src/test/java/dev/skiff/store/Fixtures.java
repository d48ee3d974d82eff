package dev.skiff.store;

import dev.skiff.common.ManualClock;
import dev.skiff.common.SkiffClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.store.dispatch.ArrivalListener;
import dev.skiff.store.engine.DefaultMessageStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Small stores and messages for tests. */
final class Fixtures {
    static final HostAddress BORN = new HostAddress(new byte[] {10, 0, 0, 2}, 50000);
    static final long T0 = 1_700_000_000_000L;

    private Fixtures() {}

    static StoreConfig.Builder smallConfig(Path dir) {
        return StoreConfig.builder(dir)
                .commitLogSegmentBytes(64 * 1024)
                .preTouchSegments(false)
                .consumeQueueEntriesPerFile(100)
                .indexSlotCount(64)
                .indexEntryCount(200)
                .flushIntervalMs(20)
                .checkpointIntervalMs(50);
    }

    static DefaultMessageStore open(StoreConfig config, SkiffClock clock) {
        return open(config, clock, () -> 0.1, ArrivalListener.NONE);
    }

    static DefaultMessageStore open(StoreConfig config, SkiffClock clock, DiskUsage disk, ArrivalListener l) {
        DefaultMessageStore s = new DefaultMessageStore(config, clock, disk, l);
        s.start();
        return s;
    }

    static MessageToStore msg(String topic, int queueId, String body, String tags, String keys) {
        Map<String, String> p = new LinkedHashMap<>();
        if (tags != null) {
            p.put(MessageProperties.TAGS, tags);
        }
        if (keys != null) {
            p.put(MessageProperties.KEYS, keys);
        }
        return new MessageToStore(topic, queueId, 0, body.getBytes(), MessageProperties.encode(p), 0, T0, BORN, 0, 0);
    }

    static MessageToStore msg(String topic, int queueId, byte[] body, String props) {
        return new MessageToStore(topic, queueId, 0, body, props, 0, T0, BORN, 0, 0);
    }

    static PutResult put(MessageStore s, MessageToStore m) {
        PutResult r = s.putMessage(m).join();
        if (!r.isOk()) {
            throw new AssertionError("put failed: " + r.status());
        }
        return r;
    }

    static StoredMessage decode(SelectedRecord r) {
        return StoredRecordDecoder.decode(r.buffer(), r.buffer().position());
    }

    static ManualClock clock() {
        return new ManualClock(T0);
    }

    static <T> AtomicReference<T> ref() {
        return new AtomicReference<>();
    }
}
