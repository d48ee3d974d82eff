package dev.skiff.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pull side of the JSON reader: walking members without a tree, as the remoting header codec
 * does, over a range inside a larger array, with the same grammar and errors as {@link JsonReader}.
 */
class JsonCursorTest {
    private static final byte[] CODE = "code".getBytes(StandardCharsets.US_ASCII);

    @Test
    void walksMembersOfARangeAndSkipsWhatItDoesNotWant() {
        String json = "{ code : 17, 'skip':{\"a\":[1,{\"b\":null}],{\"k\":1}:\"}\"}, ext:{\"n\":[1, 2] ,x:'y'},}";
        byte[] framed = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(framed, 2, length);
        Map<String, String> seen = new LinkedHashMap<>();
        c.beginObject();
        while (c.nextMember()) {
            c.readKey();
            boolean isCode = c.keyIs(CODE);
            String key = c.key();
            c.colon();
            if (isCode) {
                seen.put(key, c.readNumberText());
            } else if (key.equals("ext")) {
                c.beginObject();
                while (c.nextMember()) {
                    c.readKey();
                    String inner = c.key();
                    c.colon();
                    int from = c.position();
                    c.skipValue();
                    seen.put(inner, c.text(from, c.position()));
                }
            } else {
                c.skipValue();
            }
        }
        c.end();
        assertThat(c.position()).isEqualTo(length);
        assertThat(seen).containsExactly(Map.entry("code", "17"), Map.entry("n", "[1, 2]"), Map.entry("x", "'y'"));
    }

    @Test
    void keysWithEscapesAndNonAsciiCompareAndDecode() {
        byte[] json = "{\"co\\u0064e\":1,\"主题\":2}".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(json, 0, json.length);
        List<String> keys = new ArrayList<>();
        List<Boolean> isCode = new ArrayList<>();
        c.beginObject();
        while (c.nextMember()) {
            c.readKey();
            keys.add(c.key());
            isCode.add(c.keyIs(CODE));
            c.colon();
            c.skipValue();
        }
        assertThat(keys).containsExactly("code", "主题");
        assertThat(isCode).containsExactly(true, false);
    }

    @Test
    void theStringsHookMakesKeysValuesAndNumberTexts() {
        List<String> made = new ArrayList<>();
        JsonStrings counting = (b, off, len) -> {
            String s = new String(b, off, len, StandardCharsets.UTF_8);
            made.add(s);
            return s;
        };
        byte[] json = "{\"a\":\"v\",\"b\":-12}".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, counting).reset(json, 0, json.length);
        c.beginObject();
        while (c.nextMember()) {
            c.readKey();
            c.key();
            c.colon();
            if (c.peek() == JsonCursor.Kind.STRING) {
                c.readString();
            } else {
                c.readNumberText();
            }
        }
        assertThat(made).containsExactly("a", "v", "b", "-12");
    }

    @Test
    void skippingIsBoundedByTheDepthLimitAndTheLengthIsChecked() {
        JsonReader.Limits limits = new JsonReader.Limits(3, 64);
        byte[] ok = "{\"a\":[[1]]}".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(limits, JsonStrings.PLAIN).reset(ok, 0, ok.length);
        c.skipValue();
        c.end();
        byte[] deep = "{\"a\":[[[1]]]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new JsonCursor(limits, JsonStrings.PLAIN)
                        .reset(deep, 0, deep.length)
                        .skipValue())
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("deeper than the limit of 3");
        byte[] longer = new byte[65];
        assertThatThrownBy(() -> new JsonCursor(limits, JsonStrings.PLAIN).reset(longer, 0, 65))
                .hasMessageContaining("65 bytes exceeds the limit of 64");
        assertThatThrownBy(() -> new JsonCursor(limits, JsonStrings.PLAIN).reset(longer, 60, 10))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void errorsCountFromTheStartOfTheRangeInCharacters() {
        byte[] framed = "[[[é\n{\"a\" 1}".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(framed, 3, framed.length - 3);
        assertThatThrownBy(c::peek)
                .hasMessageContaining("line 1, column 1 (offset 0)")
                .hasMessageContaining("'é'");
        byte[] second = "xx{\n\"é\" 1}".getBytes(StandardCharsets.UTF_8);
        JsonCursor d = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(second, 2, second.length - 2);
        d.beginObject();
        assertThat(d.nextMember()).isTrue();
        d.readKey();
        assertThat(d.key()).isEqualTo("é");
        assertThatThrownBy(d::colon)
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("line 2, column 5 (offset 7)")
                .hasMessageContaining("expected ':'")
                .satisfies(e -> assertThat(((JsonException) e).offset()).isEqualTo(7));
    }

    @Test
    void integersAreReadStraightFromTheBytesWithinEighteenDigits() {
        byte[] json = "[12, -7 ,999999999999999999]".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(json, 0, json.length);
        List<Long> read = new ArrayList<>();
        c.beginArray();
        while (c.nextElement()) {
            read.add(c.readInteger());
        }
        c.end();
        assertThat(read).containsExactly(12L, -7L, 999_999_999_999_999_999L);
        for (String bad : new String[] {"1.5", "1e3", "1234567890123456789", "-", "\"1\""}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN)
                            .reset(b, 0, b.length)
                            .readInteger())
                    .as(bad)
                    .isInstanceOf(JsonException.class)
                    .hasMessageContaining("offset 0");
        }
    }

    @Test
    void theWrongKindOfValueIsAClearError() {
        byte[] json = "[true]".getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor(JsonReader.Limits.DEFAULT, JsonStrings.PLAIN).reset(json, 0, json.length);
        assertThatThrownBy(c::beginObject).hasMessageContaining("expected an object but found '['");
        c.beginArray();
        assertThat(c.nextElement()).isTrue();
        assertThatThrownBy(c::readString).hasMessageContaining("expected a string but found 't'");
        assertThatThrownBy(c::readNumberText).hasMessageContaining("expected a number but found 't'");
        assertThat(c.readBoolean()).isTrue();
        assertThat(c.nextElement()).isFalse();
        c.end();
    }
}
