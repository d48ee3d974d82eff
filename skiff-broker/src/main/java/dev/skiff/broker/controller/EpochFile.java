package dev.skiff.broker.controller;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's epoch file: which master epoch wrote which part of its commit log. Kept in {@code
 * {storePathRootDir}/config/epochs}; one entry a line, in growing epoch and offset order:
 *
 * <pre>
 * # skiff epochs v1
 * 1 0
 * 3 52480
 * </pre>
 *
 * (epoch, decimal; a space; the commit-log offset where the epoch starts, decimal). Every change
 * is written to {@code epochs.tmp}, forced, then moved over the file atomically, so a crash
 * leaves the old or the new list, never a torn one. At most {@link #ENTRIES_MAX} entries; the
 * oldest are dropped beyond that (their records are long gone from a log that old). A file that
 * cannot be parsed is an error naming the line, and is left as it is.
 */
public final class EpochFile {
    public static final int ENTRIES_MAX = 10_000;
    private static final String HEADER = "# skiff epochs v1";

    private final Path path;
    private final List<EpochEntry> entries;
    private final int entriesMax;

    private EpochFile(Path path, List<EpochEntry> entries, int entriesMax) {
        this.path = path;
        this.entries = entries;
        this.entriesMax = entriesMax;
    }

    /** Reads {@code path} (an absent file is an empty list). */
    public static EpochFile open(Path path) throws IOException {
        return open(path, ENTRIES_MAX);
    }

    /** As {@link #open(Path)}, keeping at most {@code entriesMax} entries. */
    public static EpochFile open(Path path, int entriesMax) throws IOException {
        List<EpochEntry> list = new ArrayList<>();
        if (Files.exists(path)) {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                EpochEntry e;
                try {
                    String[] parts = line.split(" ");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("two fields wanted");
                    }
                    e = new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(path + " line " + (i + 1) + " is not 'epoch startOffset': '" + line + "'");
                }
                check(list, e, path + " line " + (i + 1));
                list.add(e);
            }
        }
        return new EpochFile(path, list, entriesMax);
    }

    private static void check(List<EpochEntry> list, EpochEntry e, String where) {
        if (list.isEmpty()) {
            return;
        }
        EpochEntry last = list.get(list.size() - 1);
        if (e.epoch() <= last.epoch() || e.startOffset() < last.startOffset()) {
            throw new IllegalArgumentException(where + ": epoch " + e.epoch() + " at " + e.startOffset()
                    + " does not follow epoch " + last.epoch() + " at " + last.startOffset());
        }
    }

    /** The entries, oldest first (a copy). */
    public synchronized List<EpochEntry> entries() {
        return List.copyOf(entries);
    }

    /** The newest epoch, or 0 when the file is empty. */
    public synchronized int lastEpoch() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).epoch();
    }

    /**
     * Appends {@code epoch} starting at {@code startOffset} and writes the file before returning.
     * Appending the newest epoch again at the same offset does nothing.
     *
     * @throws IllegalArgumentException when the epoch is not newer or the offset goes back
     */
    public synchronized void append(int epoch, long startOffset) throws IOException {
        EpochEntry e = new EpochEntry(epoch, startOffset);
        if (!entries.isEmpty() && entries.get(entries.size() - 1).equals(e)) {
            return;
        }
        check(entries, e, "epoch file " + path);
        List<EpochEntry> next = new ArrayList<>(entries);
        next.add(e);
        while (next.size() > entriesMax) {
            next.remove(0);
        }
        write(next);
        entries.clear();
        entries.addAll(next);
    }

    /**
     * After the commit log was cut at {@code logEnd}: drops the epochs that start past it (they
     * wrote nothing that is left) and writes the file.
     */
    public synchronized void truncateTo(long logEnd) throws IOException {
        List<EpochEntry> next = new ArrayList<>();
        for (EpochEntry e : entries) {
            if (e.startOffset() <= logEnd) {
                next.add(e);
            }
        }
        if (next.size() != entries.size()) {
            write(next);
            entries.clear();
            entries.addAll(next);
        }
    }

    /**
     * Replaces the list with {@code list} (a slave adopting its master's history, which its log
     * copies) and writes the file.
     *
     * @throws IllegalArgumentException when {@code list} is not in growing epoch and offset order
     */
    public synchronized void replaceWith(List<EpochEntry> list) throws IOException {
        List<EpochEntry> next = new ArrayList<>();
        for (EpochEntry e : list) {
            check(next, e, "adopted epoch list");
            next.add(e);
        }
        while (next.size() > entriesMax) {
            next.remove(0);
        }
        write(next);
        entries.clear();
        entries.addAll(next);
    }

    private void write(List<EpochEntry> list) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochEntry e : list) {
            sb.append(e.epoch()).append(' ').append(e.startOffset()).append('\n');
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Path path() {
        return path;
    }
}
