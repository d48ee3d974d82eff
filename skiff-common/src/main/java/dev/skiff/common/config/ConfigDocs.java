package dev.skiff.common.config;

/**
 * Keeps a generated key table inside a Markdown document: the table of a {@link ConfigKeys} sits
 * between the lines {@code <!-- TAG:start -->} and {@code <!-- TAG:end -->}, and everything else
 * in the document is written by hand. A test per component compares the document with {@link
 * #withTable} and rewrites it on request, so the docs cannot drift from the descriptors.
 */
public final class ConfigDocs {
    private ConfigDocs() {}

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
