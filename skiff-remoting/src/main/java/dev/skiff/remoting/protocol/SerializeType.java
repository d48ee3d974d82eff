package dev.skiff.remoting.protocol;

/** How a command header is encoded: the top byte of the frame's header-length word. */
public enum SerializeType {
    /** A JSON object; the default of every official peer. */
    JSON(0),
    /** The compact "ROCKETMQ" binary layout. */
    ROCKETMQ(1);

    private final byte code;

    SerializeType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a header-length word's top byte, or {@code null} when unknown. */
    public static SerializeType fromCode(int code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> null;
        };
    }
}
