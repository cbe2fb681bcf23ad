package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBufferTest {

    private static void write(TailBuffer t, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        t.write(b, 0, b.length);
    }

    @Test
    void keeps_everything_while_it_fits() {
        var t = new TailBuffer(10);
        write(t, "abc");
        write(t, "def");
        assertThat(t.text(10)).isEqualTo("abcdef");
    }

    @Test
    void keeps_only_the_last_bytes_across_many_small_writes_and_one_big_one() {
        var t = new TailBuffer(5);
        for (char c = 'a'; c <= 'z'; c++) write(t, String.valueOf(c));
        assertThat(t.text(5)).isEqualTo("vwxyz");
        write(t, "0123456789");
        assertThat(t.text(5)).isEqualTo("56789");
        assertThat(t.totalWritten()).isEqualTo(36);
    }

    @Test
    void text_can_ask_for_less_than_it_keeps() {
        var t = new TailBuffer(10);
        write(t, "0123456789");
        assertThat(t.text(3)).isEqualTo("789");
        assertThat(t.text(0)).isEmpty();
    }

    @Test
    void a_character_cut_in_half_at_the_start_is_dropped_not_garbled() {
        var t = new TailBuffer(4);
        write(t, "xé€"); // x (1 byte) é (2) € (3): the last 4 bytes are é's second byte and €
        assertThat(t.text(4)).isEqualTo("€");
    }

    @Test
    void bytes_are_kept_as_they_came() {
        var t = new TailBuffer(4);
        t.write(new byte[] {0, (byte) 0xFF, 1, 2, 3}, 1, 4);
        assertThat(t.bytes()).containsExactly(0xFF, 1, 2, 3);
    }

    @Test
    void zero_capacity_keeps_nothing() {
        var t = new TailBuffer(0);
        write(t, "abc");
        assertThat(t.text(10)).isEmpty();
    }
}
