package dev.skiff.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a generated key table inside a Markdown document: the table of a {@link ConfigKeys} sits
 * between the lines {@code <!-- TAG:start -->} and {@code <!-- TAG:end -->}, and everything else
 * in the document is written by hand. A test per component compares the document with {@link
 * #withTable} and rewrites it on request, so the docs cannot drift from the descriptors.
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    /**
     * Checks that {@code doc} holds the keys' current table in its {@code tag} section; with
     * {@code rewrite}, writes it there first (how a developer refreshes the docs after changing a key).
     *
     * @throws IllegalStateException when the section differs, saying how to refresh it
     */
    public static void check(Path doc, String tag, ConfigKeys keys, boolean rewrite) throws IOException {
        String now = Files.readString(doc, StandardCharsets.UTF_8);
        String generated = withTable(now, tag, keys);
        if (rewrite && !generated.equals(now)) {
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
            return;
        }
        if (!generated.equals(now)) {
            throw new IllegalStateException("the '" + tag + "' table in " + doc + " differs from the "
                    + keys.component() + " key descriptors; rerun the test with -Dskiff.docs.write=true");
        }
    }

    /**
     * The document with the text between the tag's markers replaced by the keys' table.
     *
     * @throws IllegalArgumentException if the markers are missing or out of order
     */
    public static String withTable(String document, String tag, ConfigKeys keys) {
        String start = "<!-- " + tag + ":start -->\n";
        String end = "<!-- " + tag + ":end -->";
        int from = document.indexOf(start);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the document has no '" + start.trim() + "' ... '" + end + "' section");
        }
        return document.substring(0, from + start.length()) + keys.markdownTable() + document.substring(to);
    }
}
