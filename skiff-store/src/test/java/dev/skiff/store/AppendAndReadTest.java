package dev.skiff.store;

import static dev.skiff.store.Fixtures.decode;
import static dev.skiff.store.Fixtures.msg;
import static dev.skiff.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.common.ManualClock;
import dev.skiff.common.message.HostAddress;
import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.StoredMessage;
import dev.skiff.common.message.StoredRecordDecoder;
import dev.skiff.common.message.StoredRecordLayout;
import dev.skiff.common.message.TagHash;
import dev.skiff.store.dispatch.DispatchedRecord;
import dev.skiff.store.engine.DefaultMessageStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppendAndReadTest {
    @TempDir
    Path dir;

    /** Every way of getting bytes into the commit log stores the same layout. */
    @ParameterizedTest
    @EnumSource(StoreConfig.CommitLogWrites.class)
    void storesTheExactProtocolSheetLayout(StoreConfig.CommitLogWrites writes) {
        ManualClock clock = new ManualClock(0x18bcfe56864L);
        StoreConfig cfg = configFor(writes)
                .storeHost(new HostAddress(new byte[] {10, 0, 0, 1}, 10911))
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            for (int i = 0; i < 5; i++) {
                put(s, msg("TopicTest", 1, "x", null, null));
            }
            MessageToStore m = new MessageToStore(
                    "TopicTest",
                    1,
                    0,
                    "Hello".getBytes(),
                    "TAGS\u0001TagA\u0002",
                    0,
                    0x18bcfe56800L,
                    new HostAddress(new byte[] {10, 0, 0, 2}, 50000),
                    0,
                    0);
            PutResult r = put(s, m);
            assertThat(r.queueOffset()).isEqualTo(5);
            assertThat(r.wroteBytes()).isEqualTo(115);
            try (RecordLease lease = s.lookMessageByOffset(r.physicalOffset())) {
                ByteBuffer b = lease.records().get(0).buffer();
                byte[] got = new byte[b.remaining()];
                b.get(got);
                String expected = "00000073daa320a7" + "00000000".replace("00000000", hex8(crc("Hello")))
                        + "0000000100000000" + "0000000000000005" + String.format("%016x", r.physicalOffset())
                        + "00000000" + "0000018bcfe56800" + "0a0000020000c350" + "0000018bcfe56864"
                        + "0a00000100002a9f" + "00000000" + "0000000000000000"
                        + "0000000548656c6c6f09546f70696354657374000a544147530154616741" + "02";
                assertThat(HexFormat.of().formatHex(got)).isEqualTo(expected);
            }
            assertThat(r.offsetMsgIds(cfg.storeHost())).endsWith(String.format("%016X", r.physicalOffset()));
        }
    }

    /** A small store writing as {@code writes} says; STAGED needs sync flush. */
    private StoreConfig.Builder configFor(StoreConfig.CommitLogWrites writes) {
        StoreConfig.Builder b = Fixtures.smallConfig(dir).commitLogWrites(writes);
        return writes == StoreConfig.CommitLogWrites.STAGED ? b.flushMode(StoreConfig.FlushMode.SYNC) : b;
    }

    private static int crc(String body) {
        return StoredRecordLayout.bodyCrc(body.getBytes(), 0, body.length());
    }

    private static String hex8(int v) {
        return String.format("%08x", v);
    }

    @ParameterizedTest
    @EnumSource(StoreConfig.CommitLogWrites.class)
    void rollsOverWithBlankMarkerAndKeepsBatchesContiguous(StoreConfig.CommitLogWrites writes) throws Exception {
        StoreConfig cfg = configFor(writes).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            byte[] body = new byte[1000];
            long lastPhy = 0;
            PutResult r = null;
            for (int i = 0; i < 70; i++) {
                r = put(s, msg("T", 0, body, ""));
                assertThat(r.physicalOffset()).isGreaterThanOrEqualTo(lastPhy);
                lastPhy = r.physicalOffset();
            }
            assertThat(r.physicalOffset()).isGreaterThan(64 * 1024);
            List<MessageToStore> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(msg("T", 1, String.format("b%02d", i).getBytes(), ""));
            }
            PutResult br = s.putMessages(batch).join();
            assertThat(br.isOk()).isTrue();
            assertThat(br.messageCount()).isEqualTo(20);
            long[] phys = br.recordPhysicalOffsets();
            for (int i = 1; i < phys.length; i++) {
                assertThat(phys[i] - phys[i - 1]).isEqualTo(phys[1] - phys[0]);
            }
            assertThat(phys[0] / (64 * 1024)).isEqualTo(phys[19] / (64 * 1024));
            assertThat(br.offsetMsgIds(cfg.storeHost()).split(",")).hasSize(20);
            // the first segment ends with a blank marker covering its tail
            ByteBuffer first = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("commitlog/00000000000000000000")));
            int pos = 0;
            while (first.getInt(pos + 4) != StoredRecordLayout.BLANK_MAGIC) {
                pos += first.getInt(pos);
            }
            assertThat(first.getInt(pos)).isEqualTo(64 * 1024 - pos);
            assertThat(Files.exists(dir.resolve("commitlog/00000000000000065536")))
                    .isTrue();
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(s.maxOffsetInQueue("T", 0)).isEqualTo(70);
            try (GetResult g = s.getMessages("T", 1, 0, 100, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(20);
                assertThat(new String(decode(g.records().get(19)).body())).isEqualTo("b19".replace("b", "b"));
            }
        }
    }

    @Test
    void refusesOversizedInput() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            byte[] big = new byte[cfg.messageBodyMaxBytes() + 1];
            assertThat(s.putMessage(msg("T", 0, big, "")).join().status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
            assertThat(s.putMessage(msg("x".repeat(256), 0, new byte[1], ""))
                            .join()
                            .status())
                    .isEqualTo(PutStatus.MESSAGE_ILLEGAL);
            assertThat(s.putMessage(msg("T", -1, new byte[1], "")).join().status())
                    .isEqualTo(PutStatus.MESSAGE_ILLEGAL);
            String hugeProps = "K\u0001" + "v".repeat(40_000) + "\u0002";
            assertThat(s.putMessage(msg("T", 0, new byte[1], hugeProps)).join().status())
                    .isEqualTo(PutStatus.PROPERTIES_SIZE_EXCEEDED);
            // a topic longer than 127 bytes uses the v2 magic and still reads back
            String longTopic = "L".repeat(200);
            PutResult r = put(s, msg(longTopic, 0, "v2".getBytes(), ""));
            try (RecordLease lease = s.lookMessageByOffset(r.physicalOffset())) {
                ByteBuffer b = lease.records().get(0).buffer();
                assertThat(b.getInt(4)).isEqualTo(StoredRecordLayout.MAGIC_V2);
                assertThat(decode(lease.records().get(0)).topic()).isEqualTo(longTopic);
            }
        }
    }

    @Test
    void ipv6HostsShiftTheLayout() {
        byte[] ip6 = new byte[16];
        ip6[0] = (byte) 0xfe;
        ip6[15] = 7;
        StoreConfig cfg =
                Fixtures.smallConfig(dir).storeHost(new HostAddress(ip6, 10911)).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            MessageToStore m =
                    new MessageToStore("T", 0, 0, "six".getBytes(), "", 0, 5L, new HostAddress(ip6, 1234), 2, 0);
            PutResult r = put(s, m);
            assertThat(r.wroteBytes()).isEqualTo(88 + 24 + 3 + 1 + 1 + 2);
            try (RecordLease lease = s.lookMessageByOffset(r.physicalOffset())) {
                StoredMessage d = decode(lease.records().get(0));
                assertThat(d.sysFlag() & 0x30).isEqualTo(0x30);
                assertThat(d.bornHost()).isEqualTo(new HostAddress(ip6, 1234));
                assertThat(d.storeHost()).isEqualTo(cfg.storeHost());
                assertThat(d.reconsumeTimes()).isEqualTo(2);
                assertThat(d.offsetMsgId()).hasSize(56);
            }
        }
    }

    @Test
    void everyReadStatusAndFilterAndByteBudget() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        List<DispatchedRecord> seen = new ArrayList<>();
        List<String> arrivals = new ArrayList<>();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock(), () -> 0.1, r -> {
            synchronized (arrivals) {
                arrivals.add(r.topic() + "/" + r.queueId() + "/" + r.queueOffset() + "/" + r.property("TAGS"));
            }
        })) {
            assertThat(s.getMessages("T", 0, 0, 10, 1 << 20, MessageFilter.ALL).status())
                    .isEqualTo(GetStatus.NO_MESSAGE_IN_QUEUE);
            for (int i = 0; i < 10; i++) {
                put(s, msg("T", 0, "m" + i, i % 2 == 0 ? "even" : "odd", null));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            assertThat(seen).isEmpty();
            synchronized (arrivals) {
                assertThat(arrivals).hasSize(10).startsWith("T/0/0/even", "T/0/1/odd");
            }
            try (GetResult g = s.getMessages("T", 0, 3, 4, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.status()).isEqualTo(GetStatus.FOUND);
                assertThat(g.records()).hasSize(4);
                assertThat(g.nextBeginOffset()).isEqualTo(7);
                assertThat(g.minOffset()).isZero();
                assertThat(g.maxOffset()).isEqualTo(10);
                assertThat(g.records().get(0).buffer().isReadOnly()).isTrue();
                assertThat(new String(decode(g.records().get(0)).body())).isEqualTo("m3");
            }
            long odd = TagHash.of("odd");
            MessageFilter oddOnly = code -> code == odd;
            try (GetResult g = s.getMessages("T", 0, 0, 32, 1 << 20, oddOnly)) {
                assertThat(g.records()).hasSize(5);
                assertThat(g.records())
                        .allMatch(
                                r -> decode(r).property(MessageProperties.TAGS).equals("odd"));
                assertThat(g.nextBeginOffset()).isEqualTo(10);
            }
            try (GetResult g = s.getMessages("T", 0, 0, 2, 1 << 20, oddOnly)) {
                assertThat(g.records())
                        .as("the first run of two entries holds one match; the next run finds the second")
                        .extracting(r -> new String(decode(r).body()))
                        .containsExactly("m1", "m3");
                assertThat(g.nextBeginOffset()).isEqualTo(4);
            }
            MessageFilter onlyM4 = new MessageFilter() {
                @Override
                public boolean matchesTagsCode(long tagsCode) {
                    return true;
                }

                @Override
                public boolean readsRecords() {
                    return true;
                }

                @Override
                public boolean matchesRecord(ByteBuffer record) {
                    return new String(StoredRecordDecoder.decode(record, record.position())
                                    .body())
                            .equals("m4");
                }
            };
            try (GetResult g = s.getMessages("T", 0, 0, 32, 1 << 20, onlyM4)) {
                assertThat(g.records())
                        .extracting(r -> new String(decode(r).body()))
                        .containsExactly("m4");
                assertThat(g.nextBeginOffset()).isEqualTo(10);
            }
            try (GetResult g = s.getMessages("T", 0, 9, 32, 1 << 20, code -> code == TagHash.of("none"))) {
                assertThat(g.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
                assertThat(g.nextBeginOffset()).isEqualTo(10);
            }
            int one = s.getMessages("T", 0, 0, 1, 1 << 20, MessageFilter.ALL).totalBytes();
            try (GetResult g = s.getMessages("T", 0, 0, 32, one * 3 + 1, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(3);
                assertThat(g.nextBeginOffset()).isEqualTo(3);
            }
            try (GetResult g = s.getMessages("T", 0, 0, 32, 1, MessageFilter.ALL)) {
                assertThat(g.records())
                        .as("at least one record even over budget")
                        .hasSize(1);
            }
            assertThat(s.getMessages("T", 0, 10, 1, 1 << 20, MessageFilter.ALL).status())
                    .isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
            GetResult bad = s.getMessages("T", 0, 99, 1, 1 << 20, MessageFilter.ALL);
            assertThat(bad.status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_BADLY);
            assertThat(bad.nextBeginOffset()).isEqualTo(10);
            assertThat(s.getMessages("T", 1, 0, 1, 1 << 20, MessageFilter.ALL).status())
                    .isEqualTo(GetStatus.NO_MESSAGE_IN_QUEUE);
        }
    }

    @Test
    void adjacentRecordsShareOneViewAndKeepTheirBytes() {
        try (DefaultMessageStore s = Fixtures.open(Fixtures.smallConfig(dir).build(), Fixtures.clock())) {
            for (int i = 0; i < 5; i++) {
                put(s, msg("T", 0, "run" + i, null, null));
            }
            for (int i = 0; i < 3; i++) {
                put(s, msg("T", 0, "alone" + i, null, null));
                put(s, msg("T", 1, "other" + i, null, null));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            try (GetResult g = s.getMessages("T", 0, 0, 32, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(8);
                List<ByteBuffer> views = g.joinedViews();
                assertThat(views)
                        .as("run0..run4 and alone0 lie together; alone1 and alone2 each follow another queue's")
                        .hasSize(3);
                assertThat(views.get(0).remaining())
                        .isEqualTo(g.records().subList(0, 6).stream()
                                .mapToInt(SelectedRecord::size)
                                .sum());
                assertThat(concat(views))
                        .isEqualTo(concat(
                                g.records().stream().map(SelectedRecord::buffer).toList()));
                assertThat(views).allMatch(ByteBuffer::isReadOnly);
            }
            GetResult g = s.getMessages("T", 0, 5, 32, 1 << 20, MessageFilter.ALL);
            assertThat(g.joinedViews()).hasSize(3);
            g.close();
            assertThatThrownBy(g::joinedViews).isInstanceOf(IllegalStateException.class);
        }
    }

    private static byte[] concat(List<ByteBuffer> views) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer v : views) {
            byte[] b = new byte[v.remaining()];
            v.duplicate().get(b);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void offsetTooSmallAndFoundNullAfterRetention() {
        ManualClock clock = Fixtures.clock();
        StoreConfig cfg = Fixtures.smallConfig(dir)
                .fileReservedMs(1000)
                .deleteHourOfDay(java.time.Instant.ofEpochMilli(Fixtures.T0)
                        .atZone(java.time.ZoneOffset.UTC)
                        .getHour())
                .build();
        try (DefaultMessageStore s = Fixtures.open(cfg, clock)) {
            byte[] body = new byte[2000];
            for (int i = 0; i < 100; i++) {
                put(s, msg("T", 0, body, ""));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            clock.advanceMs(10_000);
            s.runRetention();
            assertThat(s.commitLogMinOffset()).isGreaterThan(0);
            long min = s.minOffsetInQueue("T", 0);
            assertThat(min).isGreaterThan(0);
            GetResult g = s.getMessages("T", 0, 0, 1, 1 << 20, MessageFilter.ALL);
            assertThat(g.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
            assertThat(g.nextBeginOffset()).isEqualTo(min);
            try (GetResult ok = s.getMessages("T", 0, min, 1, 1 << 20, MessageFilter.ALL)) {
                assertThat(ok.status()).isEqualTo(GetStatus.FOUND);
                assertThat(ok.records().get(0).physicalOffset()).isGreaterThanOrEqualTo(s.commitLogMinOffset());
            }
        }
    }

    @Test
    void offsetByTimeLowerAndUpper() {
        ManualClock clock = Fixtures.clock();
        try (DefaultMessageStore s = Fixtures.open(Fixtures.smallConfig(dir).build(), clock)) {
            // times: T0, T0, T0+10, T0+10, T0+20 ... (two messages per tick)
            for (int i = 0; i < 20; i++) {
                put(s, msg("T", 0, "m" + i, null, null));
                if (i % 2 == 1) {
                    clock.advanceMs(10);
                }
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
            long t0 = Fixtures.T0;
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 10, BoundaryType.LOWER))
                    .isEqualTo(2);
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 10, BoundaryType.UPPER))
                    .isEqualTo(3);
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 15, BoundaryType.LOWER))
                    .isEqualTo(4);
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 15, BoundaryType.UPPER))
                    .isEqualTo(3);
            assertThat(s.offsetInQueueByTime("T", 0, t0 - 5, BoundaryType.LOWER))
                    .isZero();
            assertThat(s.offsetInQueueByTime("T", 0, t0 - 5, BoundaryType.UPPER))
                    .isZero();
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 1000, BoundaryType.LOWER))
                    .isEqualTo(20);
            assertThat(s.offsetInQueueByTime("T", 0, t0 + 1000, BoundaryType.UPPER))
                    .isEqualTo(19);
        }
    }

    @Test
    void consumeQueuesRollAcrossFilesAndSurviveRestart() {
        StoreConfig cfg = Fixtures.smallConfig(dir).build();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            for (int i = 0; i < 350; i++) {
                put(s, msg("T", 2, "m" + i, null, null));
            }
            assertThat(s.awaitDispatched(5000)).isTrue();
        }
        assertThat(dir.resolve("consumequeue/T/2/00000000000000006000")).exists();
        try (DefaultMessageStore s = Fixtures.open(cfg, Fixtures.clock())) {
            assertThat(s.maxOffsetInQueue("T", 2)).isEqualTo(350);
            PutResult r = put(s, msg("T", 2, "next", null, null));
            assertThat(r.queueOffset()).isEqualTo(350);
            assertThat(s.awaitDispatched(5000)).isTrue();
            try (GetResult g = s.getMessages("T", 2, 299, 3, 1 << 20, MessageFilter.ALL)) {
                assertThat(g.records()).hasSize(3);
                assertThat(new String(decode(g.records().get(1)).body())).isEqualTo("m300");
            }
        }
    }
}
