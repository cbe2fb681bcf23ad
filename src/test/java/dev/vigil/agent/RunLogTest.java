package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.process.OutputSink;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunLogTest {
    private final MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    private final List<RunEvent> sent = new ArrayList<>();

    private void write(RunLog log, byte[] b) {
        log.chunk(OutputSink.Stream.STDOUT, b, 0, b.length);
    }

    @Test
    void chunks_are_numbered_from_one_and_the_finish_comes_after_them() {
        RunLog log = new RunLog(7, clock, Long.MAX_VALUE, sent::add);
        write(log, "a\n".getBytes(StandardCharsets.UTF_8));
        log.flush(false);
        write(log, "b\n".getBytes(StandardCharsets.UTF_8));
        log.flush(false);
        log.flush(false); // nothing new: nothing sent
        assertThat(sent).extracting(RunEvent::seq).containsExactly(1L, 2L);
        assertThat(sent).extracting(RunEvent::text).containsExactly("a\n", "b\n");
        assertThat(sent).allMatch(e -> e.runId() == 7 && e.kind() == RunEvent.Kind.OUTPUT);
        assertThat(log.nextSeq()).isEqualTo(3);
    }

    @Test
    void a_character_split_between_reads_stays_whole() {
        RunLog log = new RunLog(1, clock, Long.MAX_VALUE, sent::add);
        byte[] euro = "x€y".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
        write(log, java.util.Arrays.copyOfRange(euro, 0, 3)); // x and the first two bytes of €
        log.flush(false);
        write(log, java.util.Arrays.copyOfRange(euro, 3, euro.length));
        log.flush(true);
        assertThat(sent).extracting(RunEvent::text).containsExactly("x", "€y");
    }

    @Test
    void big_output_is_cut_into_chunks_without_waiting_for_a_flush() {
        RunLog log = new RunLog(1, clock, Long.MAX_VALUE, sent::add);
        byte[] line = "0123456789abcdef\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5_000; i++) write(log, line);
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2);
        log.flush(true);
        String all = sent.stream().map(RunEvent::text).collect(Collectors.joining());
        assertThat(all).hasSize(5_000 * line.length);
    }

    @Test
    void nothing_is_sent_once_past_the_servers_limit() {
        RunLog log = new RunLog(1, clock, 10, sent::add);
        write(log, "0123456789ABC".getBytes(StandardCharsets.UTF_8));
        log.flush(false);
        write(log, "more".getBytes(StandardCharsets.UTF_8));
        log.flush(true);
        assertThat(sent).extracting(RunEvent::text).containsExactly("0123456789ABC");
    }

    @Test
    void complete_prefix_handles_every_sequence_length() {
        assertThat(RunLog.completeUpTo("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(3);
        byte[] four = "😀".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < 4; cut++) {
            assertThat(RunLog.completeUpTo(java.util.Arrays.copyOf(four, cut))).isZero();
        }
        assertThat(RunLog.completeUpTo(four)).isEqualTo(4);
        byte[] two = "aé".getBytes(StandardCharsets.UTF_8);
        assertThat(RunLog.completeUpTo(java.util.Arrays.copyOf(two, 2))).isEqualTo(1);
    }
}
