package dev.skiff.remoting.protocol.controller;

import java.util.Map;

/** Writes header fields the way official peers expect: string form, nulls left out. */
final class Ext {
    private Ext() {}

    static void put(Map<String, String> ext, String key, Object value) {
        if (value != null) {
            ext.put(key, value.toString());
        }
    }
}
