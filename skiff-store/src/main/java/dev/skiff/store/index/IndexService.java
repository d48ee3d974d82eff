package dev.skiff.store.index;

import dev.skiff.common.message.MessageProperties;
import dev.skiff.common.message.RecordProperties;
import dev.skiff.store.file.SegmentedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index files under {@code index/}, each named by the 20-digit millisecond time it was
 * created. Keys are {@code topic#key} for every space-separated KEYS value and {@code
 * topic#uniqKey} for UNIQ_KEY; a lookup returns candidate offsets that the caller verifies
 * against the record (hashes collide). Files are bounded; a new one starts when the last is full.
 * Written by the dispatcher only.
 */
public final class IndexService {
    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

    private final Path dir;
    private final int slotCount;
    private final int entryCount;
    private final CopyOnWriteArrayList<IndexFile> files = new CopyOnWriteArrayList<>();

    /** The record whose keys recovery indexes again; only its keys are checked for duplicates. */
    private long recheckOffset = -1;

    public IndexService(Path dir, int slotCount, int entryCount) {
        this.dir = dir;
        this.slotCount = slotCount;
        this.entryCount = entryCount;
    }

    /** Maps the files on disk; a file of the wrong size is skipped with a warning. */
    public void load() {
        long expected = IndexFile.bytesFor(slotCount, entryCount);
        try {
            Files.createDirectories(dir);
            List<Path> names;
            try (Stream<Path> s = Files.list(dir)) {
                names = s.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                        .sorted()
                        .toList();
            }
            for (Path p : names) {
                if (Files.size(p) != expected) {
                    LOG.warn("ignoring index file {} of unexpected size", p);
                    continue;
                }
                files.add(IndexFile.open(p, Long.parseLong(p.getFileName().toString()), slotCount, entryCount));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load index under " + dir, e);
        }
    }

    /** Physical offset of the newest record indexed, -1 when none. */
    public long lastIndexedOffset() {
        for (int i = files.size() - 1; i >= 0; i--) {
            long end = files.get(i).endPhysicalOffset();
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /**
     * Indexes the keys of one record (dispatcher thread): each space-separated word of KEYS and the
     * UNIQ_KEY, hashed in place in the record's properties.
     */
    public void add(String topic, RecordProperties props, long physicalOffset, long storeTimestampMs) {
        int seed = 31 * topic.hashCode() + '#';
        int keys = props.valueStart(MessageProperties.KEYS);
        if (keys >= 0) {
            int len = props.valueEnd(keys);
            int start = keys;
            while (start < len) {
                int end = start;
                while (end < len && props.byteAt(end) != ' ') {
                    end++;
                }
                if (end > start) {
                    put(nonNegative(props.hashRange(seed, start, end)), physicalOffset, storeTimestampMs);
                }
                start = end + 1;
            }
        }
        int uniq = props.valueStart(MessageProperties.UNIQ_KEY);
        if (uniq >= 0) {
            put(nonNegative(props.hashRange(seed, uniq, props.valueEnd(uniq))), physicalOffset, storeTimestampMs);
        }
    }

    private void put(int hash, long physicalOffset, long storeTimestampMs) {
        if (physicalOffset == recheckOffset && alreadyHolds(hash, physicalOffset)) {
            return; // the record recovery indexes again: a kill cut its keys short
        }
        IndexFile f = files.isEmpty() ? null : files.get(files.size() - 1);
        if (f == null || f.isFull()) {
            f = newFile(storeTimestampMs);
        }
        f.put(hash, physicalOffset, storeTimestampMs);
    }

    /**
     * For recovery: the offset from which records must be indexed again. That is the last indexed
     * record, because a kill between its keys' entries can have left some out; the keys it already
     * has are skipped, so it gets no duplicates. Returns that offset, -1 when the index is empty.
     */
    public long resumeIndexingAt() {
        recheckOffset = lastIndexedOffset();
        return recheckOffset;
    }

    /** Whether the last two files (a record's keys may straddle a roll) hold this entry. */
    private boolean alreadyHolds(int hash, long physicalOffset) {
        for (int i = files.size() - 1; i >= Math.max(0, files.size() - 2); i--) {
            if (files.get(i).holds(hash, physicalOffset)) {
                return true;
            }
        }
        return false;
    }

    private IndexFile newFile(long nowMs) {
        long name = nowMs;
        if (!files.isEmpty()) {
            name = Math.max(name, files.get(files.size() - 1).nameTimestampMs() + 1);
        }
        IndexFile f = IndexFile.open(dir.resolve(SegmentedFile.fileName(name)), name, slotCount, entryCount);
        files.add(f);
        return f;
    }

    /** The non-negative hash of {@code topic + "#" + key[from, to)}, computed without building it. */
    static int hash(String topic, String key, int from, int to) {
        int h = topic.hashCode();
        h = 31 * h + '#';
        for (int i = from; i < to; i++) {
            h = 31 * h + key.charAt(i);
        }
        return nonNegative(h);
    }

    private static int nonNegative(int h) {
        return h == Integer.MIN_VALUE ? 0 : Math.abs(h);
    }

    /** Candidate physical offsets for {@code topic#key} stored within [beginMs, endMs], newest first. */
    public OffsetList query(String topic, String key, int max, long beginMs, long endMs) {
        OffsetList out = new OffsetList();
        int h = hash(topic, key, 0, key.length());
        for (int i = files.size() - 1; i >= 0 && out.size() < max; i--) {
            IndexFile f = files.get(i);
            if (f.isEmpty() || f.endTimestampMs() < beginMs || f.beginTimestampMs() > endMs) {
                continue;
            }
            f.query(h, beginMs, endMs, max, out);
        }
        return out;
    }

    /** Deletes files (never the newest) whose records all lie below {@code commitLogMin}. */
    public int deleteBelow(long commitLogMin) {
        int n = 0;
        while (files.size() > 1 && files.get(0).endPhysicalOffset() < commitLogMin) {
            IndexFile f = files.remove(0);
            f.destroy();
            n++;
        }
        return n;
    }

    /** Drops files whose first record lies at or after {@code commitLogEnd} (recovery). */
    public void truncateTo(long commitLogEnd) {
        for (int i = files.size() - 1; i >= 0; i--) {
            IndexFile f = files.get(i);
            if (!f.isEmpty() && f.segment().buffer().getLong(16) >= commitLogEnd) {
                files.remove(i);
                f.destroy();
            }
        }
    }

    public int fileCount() {
        return files.size();
    }

    /** Forces files with entries added since their last flush. */
    public void flush() {
        for (IndexFile f : files) {
            f.flush();
        }
    }

    public void close() {
        for (IndexFile f : files) {
            f.flush();
            f.close();
        }
        files.clear();
    }
}
