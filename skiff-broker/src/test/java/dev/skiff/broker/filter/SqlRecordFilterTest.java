package dev.skiff.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

/**
 * Filters over stored records (encoded by the official encoder, the layout Skiff stores), read in
 * place; and the compiled-filter cache.
 */
class SqlRecordFilterTest {
    private static ByteBuffer record(String topic, String... keyValues) throws Exception {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setBody("body".getBytes(StandardCharsets.UTF_8));
        m.setBornHost(new InetSocketAddress("127.0.0.1", 1234));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        m.setBornTimestamp(1L);
        m.setStoreTimestamp(2L);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i].equals("TAGS")) {
                m.setTags(keyValues[i + 1]);
            } else {
                m.putUserProperty(keyValues[i], keyValues[i + 1]);
            }
        }
        return ByteBuffer.wrap(MessageDecoder.encode(m, false)).asReadOnlyBuffer();
    }

    @Test
    void propertiesAreReadFromTheStoredBytes() throws Exception {
        ByteBuffer r = record("T", "a", "7", "b", "x", "TAGS", "TagA", "u", "\u00e9\u4e2d");
        SqlMessageFilter f = new SqlFilterCache(8).get("a > 5 AND b = 'x' AND TAGS = 'TagA' AND u = '\u00e9\u4e2d'");

        assertThat(f.readsRecords()).isTrue();
        assertThat(f.matchesTagsCode(12345)).isTrue();
        assertThat(f.matchesRecord(r.duplicate())).isTrue();
        assertThat(SqlPredicate.compile("a > 7").matchesRecord(r.duplicate())).isFalse();
        assertThat(SqlPredicate.compile("missing IS NULL").matchesRecord(r.duplicate()))
                .isTrue();
        assertThat(RecordPropertyReader.of(r.duplicate()).get("u")).isEqualTo("\u00e9\u4e2d");
        byte[][] names = {
            "b".getBytes(StandardCharsets.UTF_8),
            "none".getBytes(StandardCharsets.UTF_8),
            "TAGS".getBytes(StandardCharsets.UTF_8),
            "u".getBytes(StandardCharsets.UTF_8)
        };
        assertThat(RecordPropertyReader.of(r.duplicate()).readAll(names))
                .containsExactly("x", null, "TagA", "\u00e9\u4e2d");
    }

    @Test
    void aRecordStartingInsideALargerBufferIsReadFromItsPosition() throws Exception {
        ByteBuffer r = record("Topic", "a", "9");
        ByteBuffer big = ByteBuffer.allocate(r.remaining() + 100);
        big.position(37);
        big.put(r.duplicate());
        big.position(37).limit(37 + r.remaining());
        assertThat(SqlPredicate.compile("a = 9").matchesRecord(big)).isTrue();
    }

    @Test
    void brokenOrTruncatedRecordsReadAsHavingNoProperties() throws Exception {
        ByteBuffer r = record("T", "a", "7");
        for (int cut = 0; cut < r.remaining(); cut++) {
            ByteBuffer part = r.duplicate().limit(cut);
            assertThat(SqlPredicate.compile("a > 5").matchesRecord(part)).isFalse();
        }
        Random random = new Random(3L);
        SqlPredicate anyA = SqlPredicate.compile("a IS NOT NULL OR a IS NULL");
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertThat(anyA.matchesRecord(ByteBuffer.wrap(junk))).isTrue();
        }
    }

    @Test
    void theCacheCompilesEachExpressionOnceAndStaysBounded() {
        SqlFilterCache cache = new SqlFilterCache(3);
        SqlMessageFilter first = cache.get("a > 5");
        assertThat(cache.get("a > 5")).isSameAs(first);
        assertThat(cache.compiles()).isEqualTo(1);

        assertThatThrownBy(() -> cache.get("a >")).isInstanceOf(SqlSyntaxException.class);
        assertThatThrownBy(() -> cache.get("a >"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("unexpected end");
        assertThat(cache.compiles()).isEqualTo(2);

        cache.get("b = 'x'");
        cache.get("c = 'y'");
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.clears()).isEqualTo(1);
        assertThatThrownBy(() -> cache.get(null)).isInstanceOf(SqlSyntaxException.class);
        assertThatThrownBy(() -> new SqlFilterCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExpressionLongerThanTheBoundIsRefusedAndNotCached() {
        SqlFilterCache cache = new SqlFilterCache(8);
        String longOne = "a = '" + "x".repeat(SqlPredicate.EXPRESSION_MAX_CHARS) + "'";
        assertThatThrownBy(() -> cache.get(longOne))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("longer than");
        assertThat(cache.size()).isZero();
    }
}
