package dev.skiff.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A small file replaced atomically: the new content goes to {@code name.tmp}, is fsynced, the
 * current file becomes {@code name.bak} (one backup kept), and the temp file is renamed over the
 * original; the directory is fsynced last. {@link #read()} falls back to the backup when the
 * main file is missing (a crash between the two renames).
 */
public final class AtomicFile {
    private final Path file;
    private final Path temp;
    private final Path backup;

    public AtomicFile(Path file) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.backup = file.resolveSibling(file.getFileName() + ".bak");
    }

    public Path path() {
        return file;
    }

    public Path backupPath() {
        return backup;
    }

    /** The content, the backup's content if the file is missing, or null if neither exists. */
    public byte[] read() throws IOException {
        if (Files.exists(file)) {
            return Files.readAllBytes(file);
        }
        if (Files.exists(backup)) {
            return Files.readAllBytes(backup);
        }
        return null;
    }

    /** The backup's content, or null. */
    public byte[] readBackup() throws IOException {
        return Files.exists(backup) ? Files.readAllBytes(backup) : null;
    }

    public void write(byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (Files.exists(file)) {
            move(file, backup);
        }
        move(temp, file);
        syncDirectory(dir);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the renames are still atomic there.
        }
    }
}
