package dev.skiff.common.io;

import dev.skiff.common.json.JsonObject;
import dev.skiff.common.json.JsonReader;
import dev.skiff.common.json.JsonValue;
import dev.skiff.common.json.JsonWriteOptions;
import dev.skiff.common.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persisted JSON table (topics, consumer offsets, subscription groups, KV config, ...): the
 * single way such a file is read and written.
 *
 * <ul>
 *   <li><b>Write</b>: the whole table as one JSON object (written in the fastjson-compatible form
 *       the official tools read), replaced atomically through {@link AtomicFile}: temp file, fsync,
 *       the current file kept as {@code name.bak}, rename. Content over the size limit is refused
 *       before anything is touched, so a file is never written that could not be read back.
 *   <li><b>Read</b>: a file over the size limit is refused with an error naming it, its size and the
 *       limit (an oversize file is more likely a real table than damage, so it is not silently
 *       replaced by an older backup). The text is parsed with the JSON reader's limits (depth,
 *       length) and handed to the table's decoder.
 *   <li><b>Damage</b>: when the main file is missing (a crash between the two renames) the backup
 *       is read. When the main file cannot be parsed or decoded, the backup is read with a WARN
 *       naming both; when both are damaged the error names both files and both reasons.
 * </ul>
 *
 * <p>Decoders must build their result without side effects on the table (the main file's result
 * is dropped when it fails half-way and the backup is decoded from scratch): a decoder returns a
 * value; the table adopts it.
 */
public final class JsonTableFile {
    /** 32 MiB: the JSON reader's own input limit, above any table a broker keeps. */
    public static final long DEFAULT_SIZE_MAX_BYTES = 32L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(JsonTableFile.class);

    private final AtomicFile file;
    private final long sizeMaxBytes;
    private final JsonReader.Limits limits;

    public JsonTableFile(Path path) {
        this(path, DEFAULT_SIZE_MAX_BYTES, JsonReader.Limits.DEFAULT);
    }

    public JsonTableFile(Path path, long sizeMaxBytes, JsonReader.Limits limits) {
        if (sizeMaxBytes < 2 || sizeMaxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "size limit must be 2.." + (Integer.MAX_VALUE - 8) + ": " + sizeMaxBytes);
        }
        this.file = new AtomicFile(path);
        this.sizeMaxBytes = sizeMaxBytes;
        this.limits = limits;
    }

    public Path path() {
        return file.path();
    }

    public Path backupPath() {
        return file.backupPath();
    }

    /**
     * Reads and decodes the table.
     *
     * @return the decoded table, or null when neither the file nor its backup exists
     * @throws IOException naming the file when it is over the size limit, or when it and its
     *     backup are both damaged (or it is damaged and has no backup)
     */
    public <T> T read(Function<JsonObject, T> decoder) throws IOException {
        Path main = file.path();
        Path backup = file.backupPath();
        if (!Files.exists(main)) {
            return Files.exists(backup) ? decodeOrThrow(backup, decoder) : null;
        }
        String mainProblem;
        try {
            return decode(main, decoder);
        } catch (DamagedException e) {
            mainProblem = e.getMessage();
        }
        if (!Files.exists(backup)) {
            throw new IOException(
                    "cannot read " + main + ": " + mainProblem + " (and there is no backup " + backup + ")");
        }
        T fromBackup;
        try {
            fromBackup = decode(backup, decoder);
        } catch (DamagedException e) {
            throw new IOException("cannot read " + main + ": " + mainProblem + "; its backup " + backup
                    + " is damaged too: " + e.getMessage());
        }
        log.warn("{} is damaged ({}); loaded its backup {} instead", main, mainProblem, backup);
        return fromBackup;
    }

    /** Writes {@code root} atomically, keeping the previous file as the backup. */
    public void write(JsonValue root) throws IOException {
        write(JsonWriter.toBytes(root, JsonWriteOptions.FASTJSON));
    }

    /** Writes JSON text already encoded (UTF-8) atomically, keeping the previous file as the backup. */
    public void write(byte[] json) throws IOException {
        if (json.length > sizeMaxBytes) {
            throw new IOException("refusing to write " + file.path() + ": " + json.length
                    + " bytes is over the limit of " + sizeMaxBytes + " bytes");
        }
        file.write(json);
    }

    private <T> T decodeOrThrow(Path path, Function<JsonObject, T> decoder) throws IOException {
        try {
            return decode(path, decoder);
        } catch (DamagedException e) {
            throw new IOException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private <T> T decode(Path path, Function<JsonObject, T> decoder) throws IOException, DamagedException {
        long size = Files.size(path);
        if (size > sizeMaxBytes) {
            throw new IOException("refusing to load " + path + ": " + size + " bytes is over the limit of "
                    + sizeMaxBytes + " bytes");
        }
        byte[] content = Files.readAllBytes(path);
        try {
            JsonValue root = JsonReader.parse(content, limits);
            if (!(root instanceof JsonObject object)) {
                throw new DamagedException("not a JSON object");
            }
            return decoder.apply(object);
        } catch (RuntimeException e) {
            // JsonException from the parser; IllegalArgumentException, NumberFormatException,
            // IllegalStateException or ClassCastException from a decoder meeting a wrong shape.
            throw new DamagedException(String.valueOf(e.getMessage()));
        }
    }

    /** The content of one file cannot be parsed or decoded. */
    private static final class DamagedException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedException(String message) {
            super(message, null, false, false);
        }
    }
}
