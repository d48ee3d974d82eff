package dev.skiff.broker.schedule;

import dev.skiff.common.message.MessageProperties;

/**
 * Edits of an encoded properties string (§5.1 of the wire sheet) without decoding it into a map,
 * so untouched entries keep their order; plus the names of the properties delay, retry and
 * dead-letter handling use.
 */
public final class PropertyEdits {
    /** Delay level requested by the producer or chosen for a retry; "-1" asks for the DLQ. */
    public static final String DELAY = "DELAY";
    /** The real destination while a message is parked in the schedule topic. */
    public static final String REAL_TOPIC = "REAL_TOPIC";

    public static final String REAL_QID = "REAL_QID";
    /** The topic a retried message was first consumed from. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    /** The message id of the first delivery of a retried message. */
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** The consumer's retry limit, carried when a retry is sent as a normal message. */
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";

    private PropertyEdits() {}

    /** The properties without any entry named {@code name}. */
    public static String without(String props, String name) {
        if (MessageProperties.get(props, name) == null) {
            return props;
        }
        StringBuilder out = new StringBuilder(props.length());
        int start = 0;
        int len = props.length();
        while (start < len) {
            int end = props.indexOf(MessageProperties.PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            boolean named = end - start > name.length()
                    && props.charAt(start + name.length()) == MessageProperties.NAME_VALUE_SEPARATOR
                    && props.startsWith(name, start);
            if (!named && end > start) {
                out.append(props, start, end).append(MessageProperties.PROPERTY_SEPARATOR);
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** The properties with {@code name} set to {@code value} (replacing any earlier value). */
    public static String with(String props, String name, String value) {
        String base = without(props, name);
        StringBuilder out = new StringBuilder(base.length() + name.length() + value.length() + 3);
        out.append(base);
        if (!base.isEmpty() && base.charAt(base.length() - 1) != MessageProperties.PROPERTY_SEPARATOR) {
            out.append(MessageProperties.PROPERTY_SEPARATOR);
        }
        return out.append(name)
                .append(MessageProperties.NAME_VALUE_SEPARATOR)
                .append(value)
                .append(MessageProperties.PROPERTY_SEPARATOR)
                .toString();
    }

    /** The property as an int, or {@code absent} when missing or not a number. */
    public static int intValue(String props, String name, int absent) {
        String text = MessageProperties.get(props, name);
        if (text == null) {
            return absent;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }
}
