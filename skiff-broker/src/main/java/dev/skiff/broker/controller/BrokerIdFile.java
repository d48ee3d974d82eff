package dev.skiff.broker.controller;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The broker id the controller gave this broker, with the check code it was claimed with, in
 * {@code {storePathRootDir}/config/controllerBrokerId}:
 *
 * <pre>
 * brokerId=2
 * registerCheckCode=127.0.0.1:10921;1765080000000
 * </pre>
 *
 * Written to a temporary file and moved over the old one before the claim is sent, so a claim
 * whose answer was lost is applied again with the same code: the file is a claim, and the id is
 * used only once the controller has accepted it.
 */
public final class BrokerIdFile {
    /** An id and the check code it was applied with. */
    public record Claim(long brokerId, String registerCheckCode) {}

    private final Path path;

    public BrokerIdFile(Path path) {
        this.path = path;
    }

    /** The stored claim, or null when there is none yet. */
    public Claim read() throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(path, StandardCharsets.UTF_8)));
        String id = p.getProperty("brokerId");
        try {
            long value = Long.parseLong(id == null ? "" : id.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return new Claim(value, p.getProperty("registerCheckCode", ""));
        } catch (NumberFormatException e) {
            throw new IOException(path + ": brokerId must be a number >= 1, not '" + id + "'");
        }
    }

    /** Where the claim is kept. */
    public Path path() {
        return path;
    }

    /** Forgets the claim (the controller refused it). */
    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    public void write(Claim claim) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(
                tmp,
                "brokerId=" + claim.brokerId() + "\nregisterCheckCode=" + claim.registerCheckCode() + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
