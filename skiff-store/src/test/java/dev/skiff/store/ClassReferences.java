package dev.skiff.store;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes under a package prefix that one compiled class refers to, read from its constant
 * pool (JVMS §4.4): every class it names — in class constants, field and method descriptors,
 * generic signatures and annotations — is spelled out in some CONSTANT_Utf8 entry in internal form
 * ({@code dev/skiff/store/log/CommitLog}, also inside {@code Ldev/...;}). So the reader decodes
 * the pool, skips every other kind of entry by its fixed size, and matches the prefix in the
 * strings. What it cannot see is what javac leaves out of the class file too: a compile-time
 * constant inlined from another class, and javadoc links (jdeps has the same blind spots).
 */
final class ClassReferences {
    private static final int MAGIC = 0xCAFEBABE;

    private final Pattern name;

    /** @param prefix internal-form package prefix, e.g. {@code dev/skiff/store} */
    ClassReferences(String prefix) {
        this.name = Pattern.compile(Pattern.quote(prefix) + "(?:/[A-Za-z0-9_$]+)+");
    }

    /** Binary names (dots, e.g. {@code dev.skiff.store.log.CommitLog}) referred to by the class file. */
    Set<String> of(byte[] classFile) {
        Set<String> found = new TreeSet<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a class file (bad magic)");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> collect(in.readUTF(), found); // Utf8: u2 length + modified UTF-8
                    case 3, 4 -> in.skipNBytes(4); // Integer, Float
                    case 5, 6 -> {
                        in.skipNBytes(8); // Long, Double take two pool slots
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // member refs, NameAndType, (Invoke)Dynamic
                    case 15 -> in.skipNBytes(3); // MethodHandle
                    default ->
                        throw new IllegalArgumentException("unknown constant-pool tag " + tag + " at entry " + i);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
        return found;
    }

    private void collect(String utf8, Set<String> found) {
        Matcher m = name.matcher(utf8);
        while (m.find()) {
            found.add(m.group().replace('/', '.'));
        }
    }
}
