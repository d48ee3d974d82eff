package dev.skiff.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data folder of a bench command: the one the user named with {@code --work} (kept), or a
 * fresh temporary folder that {@link #close} deletes with everything the servers wrote into it.
 * Left behind, those folders held several GiB per run and filled the disk until the stores of
 * later test runs crossed their forced-cleaning ratio and deleted segments under the tests.
 */
public final class WorkDir implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private WorkDir(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code named} when not null (kept after the run), else a new temporary folder (deleted). */
    public static WorkDir of(String named, String prefix) throws IOException {
        return named != null
                ? new WorkDir(Path.of(named), false)
                : new WorkDir(Files.createTempDirectory(prefix), true);
    }

    public Path path() {
        return path;
    }

    /** Whether {@link #close} deletes the folder. */
    public boolean temporary() {
        return temporary;
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                deleteTree(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the bench data in " + path, e);
            }
        }
    }

    /** Deletes {@code p} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
