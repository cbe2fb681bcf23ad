package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rendered bytes are exactly String.getBytes(UTF_8) of what was written, however it is read back. */
class HtmlBytesTest {
    @Test
    void encodes_like_the_jdk_across_blocks() throws Exception {
        StringBuilder all = new StringBuilder();
        HtmlBytes out = new HtmlBytes();
        Random r = new Random(3);
        String[] samples = {"<td class=\"x\">", "✓ Up", "♥̸", "é", "日本", "😀", "\uD83D", "\uDE00", "a\uD83Db", "", "\u007F\u0080\u07FF\u0800\uFFFF"};
        for (int i = 0; i < 40_000; i++) {
            String s = samples[r.nextInt(samples.length)];
            if (r.nextBoolean() && s.length() > 1) {
                out.writeContent(s, 1, s.length());
                all.append(new String(s.substring(1).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            } else {
                out.writeContent(s);
                all.append(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
        }
        byte[] expected = all.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(out.size()).isEqualTo(expected.length).isGreaterThan(1 << 17);
        assertThat(readAll(out.stream(), 7_777)).isEqualTo(expected);
        assertThat(readAll(out.stream(), 1 << 20)).isEqualTo(expected);
        InputStream one = out.stream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = one.read(); b >= 0; b = one.read()) bytes.write(b);
        assertThat(bytes.toByteArray()).isEqualTo(expected);
    }

    @Test
    void an_unpaired_surrogate_is_a_question_mark_as_in_the_jdk() {
        HtmlBytes out = new HtmlBytes();
        out.writeContent("x\uD83D");
        out.writeContent("\uDE00y");
        assertThat(out.size()).isEqualTo(4);
        assertThat(new String(readAllUnchecked(out.stream()), StandardCharsets.UTF_8))
                .isEqualTo(new String(("x\uD83D").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                        + new String(("\uDE00y").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static byte[] readAllUnchecked(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in, int chunk) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n = in.read(buf, 0, chunk); n >= 0; n = in.read(buf, 0, chunk)) {
            assertThat(n).isPositive();
            all.write(buf, 0, n);
        }
        return all.toByteArray();
    }
}
