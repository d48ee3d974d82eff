package dev.skiff.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static final List<String> SAMPLES = List.of(
            "",
            "TopicTest",
            "KEYS\u0001OrderID188\u0002UNIQ_KEY\u0001AC11\u0002",
            "grüße",
            "主题-✓",
            "emoji 😀 pair",
            "\u007f\u0080\u07ff\u0800\uffff");

    private static byte[] viaBuffer(String s, ByteBuffer buffer, int at) {
        int n = Utf8.write(s, buffer, at);
        byte[] out = new byte[n];
        buffer.get(at, out);
        return out;
    }

    @Test
    void writesWhatTheJdkEncodesIntoHeapAndDirectBuffers() {
        for (String s : SAMPLES) {
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.encodedLength(s)).as(s).isEqualTo(expected.length);
            assertThat(viaBuffer(s, ByteBuffer.allocate(64), 3)).as("heap " + s).isEqualTo(expected);
            assertThat(viaBuffer(s, ByteBuffer.allocateDirect(64), 3))
                    .as("direct " + s)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aHeapBufferSliceWritesAtItsOwnOffset() {
        ByteBuffer whole = ByteBuffer.allocate(32);
        ByteBuffer slice = whole.slice(10, 20);
        Utf8.write("abc", slice, 2);
        assertThat(Arrays.copyOfRange(whole.array(), 12, 15)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(whole.array()[11]).isZero();
    }

    @Test
    void aLoneSurrogateIsOneQuestionMark() {
        String lone = "a\ud800b\udc00";
        assertThat(Utf8.encodedLength(lone)).isEqualTo(4);
        assertThat(viaBuffer(lone, ByteBuffer.allocate(8), 0)).isEqualTo("a?b?".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void randomTextMatchesTheJdk() {
        Random random = new Random(17);
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                int kind = random.nextInt(4);
                chars[i] = (char)
                        (kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x800) : random.nextInt(0xD800));
            }
            String s = new String(chars);
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertThat(viaBuffer(s, ByteBuffer.allocate(expected.length), 0)).isEqualTo(expected);
        }
    }
}
