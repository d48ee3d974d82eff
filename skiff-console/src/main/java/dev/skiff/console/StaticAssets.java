package dev.skiff.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's pages, read once from the jar ({@code dev/skiff/console/web/}): plain HTML, CSS
 * and JavaScript, no build step and nothing fetched from elsewhere, so the console works offline.
 * Only the files listed here are served; every other path is a 404.
 */
final class StaticAssets {
    /** Largest asset read from the jar (a guard against packaging mistakes). */
    static final int ASSET_MAX_BYTES = 512 * 1024;

    /** A file and its content type. */
    record Asset(byte[] bytes, String contentType) {}

    /** Path served → file in the resource folder and its type. */
    static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console.css", "text/css; charset=utf-8"});

    private final Map<String, Asset> assets;

    private StaticAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    static StaticAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : FILES.entrySet()) {
            assets.put(e.getKey(), new Asset(read(e.getValue()[0]), e.getValue()[1]));
        }
        return new StaticAssets(assets);
    }

    /** The asset at {@code path}, or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("console asset missing from the jar: " + file);
            }
            byte[] bytes = in.readNBytes(ASSET_MAX_BYTES + 1);
            if (bytes.length > ASSET_MAX_BYTES) {
                throw new IllegalStateException("console asset larger than " + ASSET_MAX_BYTES + " bytes: " + file);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
