package dev.skiff.remoting.protocol;

/**
 * The sender's implementation language, as carried in every command header. JSON headers carry
 * the name, binary headers the one-byte code. Skiff always sends {@link #JAVA}, the value every
 * official peer knows.
 */
public enum LanguageCode {
    JAVA(0),
    CPP(1),
    DOTNET(2),
    PYTHON(3),
    DELPHI(4),
    ERLANG(5),
    RUBY(6),
    OTHER(7),
    HTTP(8),
    GO(9),
    PHP(10),
    OMS(11),
    RUST(12),
    NODE_JS(13);

    private static final LanguageCode[] BY_CODE = values();

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The language for a binary code, or {@code null} when the code is unknown. */
    public static LanguageCode fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The language for a JSON name, or {@code null} when the name is unknown or null. */
    public static LanguageCode fromName(String name) {
        if (name == null) {
            return null;
        }
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return null;
    }
}
