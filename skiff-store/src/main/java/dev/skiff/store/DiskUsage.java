package dev.skiff.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the store's disk is; injected so that tests can fake a full disk. */
@FunctionalInterface
public interface DiskUsage {

    /** Used fraction of the disk, 0.0 to 1.0. */
    double usedRatio();

    /** The real usage of the file system holding {@code path}. */
    static DiskUsage of(Path path) {
        return () -> {
            try {
                FileStore fs = Files.getFileStore(path);
                long total = fs.getTotalSpace();
                return total <= 0 ? 0.0 : 1.0 - (double) fs.getUsableSpace() / total;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read disk usage of " + path, e);
            }
        };
    }
}
