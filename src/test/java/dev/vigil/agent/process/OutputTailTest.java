package dev.vigil.agent.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.agent.process.OutputSink.Stream;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    private static void write(OutputSink sink, Stream stream, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        sink.chunk(stream, bytes, 0, bytes.length);
    }

    @Test
    void keeps_everything_while_under_capacity() {
        OutputTail tail = new OutputTail(16);
        write(tail, Stream.STDOUT, "hello ");
        write(tail, Stream.STDERR, "world");

        assertThat(tail.text()).isEqualTo("hello world");
        assertThat(tail.truncated()).isFalse();
    }

    @Test
    void keeps_only_the_last_bytes_across_many_chunks() {
        OutputTail tail = new OutputTail(10);
        for (int i = 0; i < 100; i++) {
            write(tail, Stream.STDOUT, i + "\n");
        }

        assertThat(tail.text()).isEqualTo("\n97\n98\n99\n");
        assertThat(tail.bytes()).hasSize(10);
        assertThat(tail.totalBytes()).isEqualTo(290);
        assertThat(tail.truncated()).isTrue();
    }

    @Test
    void a_chunk_larger_than_the_capacity_leaves_its_own_end() {
        OutputTail tail = new OutputTail(4);
        write(tail, Stream.STDOUT, "ab");
        byte[] big = "0123456789".getBytes(UTF_8);
        tail.chunk(Stream.STDOUT, big, 1, 8);

        assertThat(tail.text()).isEqualTo("5678");
    }

    @Test
    void a_character_cut_in_half_at_the_start_is_skipped() {
        OutputTail tail = new OutputTail(4);
        write(tail, Stream.STDOUT, "xé€ok"); // é is 2 bytes, € 3: the last 4 bytes start inside €

        assertThat(tail.text()).isEqualTo("ok");
        write(tail, Stream.STDOUT, "é!");
        assertThat(tail.text()).isEqualTo("ké!");
    }

    @Test
    void default_capacity_is_64_kib() {
        OutputTail tail = new OutputTail();
        byte[] data = new byte[100_000];
        tail.chunk(Stream.STDOUT, data, 0, data.length);

        assertThat(tail.bytes()).hasSize(64 * 1024);
    }

    @Test
    void tee_delivers_to_every_sink_even_when_one_throws() {
        OutputTail first = new OutputTail();
        OutputTail second = new OutputTail();
        OutputSink failing = (stream, data, offset, length) -> {
            throw new IllegalStateException("boom");
        };
        OutputSink tee = OutputSink.tee(first, failing, second);

        assertThatThrownBy(() -> write(tee, Stream.STDOUT, "x")).hasMessage("boom");
        assertThat(first.text()).isEqualTo("x");
        assertThat(second.text()).isEqualTo("x");
    }
}
