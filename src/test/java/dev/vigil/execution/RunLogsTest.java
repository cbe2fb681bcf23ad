package dev.vigil.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.domain.ValidationException;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogsTest {
    private static final Duration RETENTION = Duration.ofDays(30);
    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    @TempDir
    Path dataDir;
    private Transactor store;
    private long jobId;

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(dataDir);
        jobId = store.write(tx -> {
            var project = tx.projects().insert("prod", "Prod", "ping-key", clock.instant());
            return tx.jobs().insert(TestJobs.aJob("backup").in(project).build()).id();
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RunLogs logs(int limit) {
        return new RunLogs(store, limit, RETENTION, clock);
    }

    private long runningRun() {
        return store.write(tx -> tx.runs().insert(new Run(0, jobId, null, Trigger.MANUAL, null, 1, RunState.RUNNING,
                clock.instant(), null, null, null, null, "agent"))).id();
    }

    private long runEndedAt(Instant endedAt) {
        return store.write(tx -> tx.runs().insert(new Run(0, jobId, null, Trigger.MANUAL, null, 1, RunState.SUCCEEDED,
                endedAt.minusSeconds(60), endedAt, 0, null, null, "agent"))).id();
    }

    private long bytes(long run) {
        return store.read(tx -> tx.runLogs().bytes(run));
    }

    private java.util.List<Long> seqs(long run) {
        return store.read(tx -> tx.runLogs().after(run, 0, 100).stream().map(LogChunk::seq).toList());
    }

    private void append(RunLogs logs, long run, long seq, String text) {
        logs.append(run, seq, clock.instant(), text);
    }

    @Test
    void chunks_are_stored_once_however_often_they_are_delivered() {
        RunLogs logs = logs(1_000);
        long run = runningRun();

        append(logs, run, 1, "one\n");
        append(logs, run, 2, "two\n");
        append(logs, run, 1, "one\n");
        append(logs, run, 2, "two\n");

        assertThat(logs.text(run)).isEqualTo("one\ntwo\n");
        assertThat(bytes(run)).isEqualTo(8);
    }

    @Test
    void a_batch_of_chunks_of_several_runs_is_stored_at_once_skipping_runs_that_do_not_exist() {
        RunLogs logs = logs(10);
        long a = runningRun();
        long b = runningRun();
        Instant at = clock.instant();

        int missing = logs.appendAll(java.util.List.of(new LogChunk(a, 1, at, "a1\n"), new LogChunk(b, 1, at, "b1\n"),
                new LogChunk(999, 1, at, "gone"), new LogChunk(a, 2, at, "a2\n"), new LogChunk(a, 1, at, "a1\n"),
                new LogChunk(b, 2, at, "b2 and more than fits\n")));

        assertThat(missing).isEqualTo(1);
        assertThat(logs.text(a)).isEqualTo("a1\na2\n");
        assertThat(logs.text(b)).as("the limit holds within a batch").isEqualTo("b1\nb2 and " + RunLogs.marker(10));
        assertThat(bytes(a)).isEqualTo(6);
    }

    @Test
    void a_batch_with_a_seq_out_of_range_stores_nothing() {
        RunLogs logs = logs(1_000);
        long run = runningRun();
        Instant at = clock.instant();

        assertThatThrownBy(() -> logs.appendAll(java.util.List.of(new LogChunk(run, 1, at, "x"),
                new LogChunk(run, RunLogs.MARKER_SEQ, at, "y")))).isInstanceOf(ValidationException.class);
        assertThat(logs.text(run)).isEmpty();
    }

    @Test
    void text_is_the_chunks_in_seq_order_whatever_the_arrival_order() {
        RunLogs logs = logs(1_000);
        long run = runningRun();

        append(logs, run, 10, "c");
        append(logs, run, 3, "a");
        append(logs, run, 7, "b");

        assertThat(logs.text(run)).isEqualTo("abc");
    }

    @Test
    void text_reads_a_log_longer_than_a_page() {
        RunLogs logs = logs(1 << 20);
        long run = runningRun();
        int chunks = RunLogs.PAGE * 2 + 1;
        store.write(tx -> {
            for (int seq = 1; seq <= chunks; seq++) tx.runLogs().append(new LogChunk(run, seq, clock.instant(), seq + "\n"));
            return null;
        });

        String[] lines = logs.text(run).split("\n");

        assertThat(lines).hasSize(chunks);
        assertThat(lines[0]).isEqualTo("1");
        assertThat(lines[chunks - 1]).isEqualTo(String.valueOf(chunks));
    }

    @Test
    void a_run_without_chunks_has_empty_text_and_write_says_so() throws Exception {
        RunLogs logs = logs(1_000);
        long run = runningRun();
        var out = new java.io.StringWriter();

        assertThat(logs.write(run, out)).isFalse();
        assertThat(logs.text(run)).isEmpty();

        append(logs, run, 1, "");
        assertThat(logs.write(run, out)).as("an empty chunk is still a chunk").isTrue();
    }

    @Test
    void a_chunk_that_crosses_the_limit_is_cut_and_followed_by_one_marker() {
        RunLogs logs = logs(10);
        long run = runningRun();

        append(logs, run, 1, "12345678");
        append(logs, run, 2, "abcdef");
        append(logs, run, 3, "dropped");

        assertThat(logs.text(run)).isEqualTo("12345678ab" + RunLogs.marker(10));
        assertThat(seqs(run)).containsExactly(1L, 2L, RunLogs.MARKER_SEQ);
    }

    @Test
    void redeliveries_after_the_limit_add_no_second_marker_and_change_nothing() {
        RunLogs logs = logs(10);
        long run = runningRun();
        append(logs, run, 1, "12345678");
        append(logs, run, 2, "abcdef");

        append(logs, run, 1, "12345678");
        append(logs, run, 2, "abcdef");
        append(logs, run, 3, "dropped");
        append(logs, run, 3, "dropped");

        assertThat(logs.text(run)).isEqualTo("12345678ab" + RunLogs.marker(10));
    }

    @Test
    void a_redelivered_chunk_below_the_limit_adds_no_marker() {
        RunLogs logs = logs(10);
        long run = runningRun();
        append(logs, run, 1, "123456");

        append(logs, run, 1, "123456"); // 6 stored + 6 would not fit, but it is stored already

        assertThat(logs.text(run)).isEqualTo("123456");
    }

    @Test
    void a_chunk_that_fills_the_limit_exactly_is_kept_whole_without_a_marker() {
        RunLogs logs = logs(10);
        long run = runningRun();

        append(logs, run, 1, "12345");
        append(logs, run, 2, "67890");

        assertThat(logs.text(run)).isEqualTo("1234567890");
        append(logs, run, 3, "x");
        assertThat(logs.text(run)).isEqualTo("1234567890" + RunLogs.marker(10));
    }

    @Test
    void the_cut_never_splits_a_character() {
        RunLogs logs = logs(10);
        long run = runningRun();

        append(logs, run, 1, "1234567");
        append(logs, run, 2, "é😀"); // 2 + 4 bytes; 3 bytes left: only the é fits

        assertThat(logs.text(run)).isEqualTo("1234567é" + RunLogs.marker(10));
    }

    @Test
    void when_not_even_one_character_fits_only_the_marker_is_added() {
        RunLogs logs = logs(10);
        long run = runningRun();

        append(logs, run, 1, "123456789");
        append(logs, run, 2, "😀");

        assertThat(logs.text(run)).isEqualTo("123456789" + RunLogs.marker(10));
        assertThat(seqs(run)).containsExactly(1L, RunLogs.MARKER_SEQ);
    }

    @Test
    void the_marker_names_the_limit() {
        assertThat(RunLogs.marker(1 << 20)).isEqualTo("\n[vigil: output beyond 1 MiB was dropped]\n");
        assertThat(RunLogs.marker(64 << 10)).isEqualTo("\n[vigil: output beyond 64 KiB was dropped]\n");
        assertThat(RunLogs.marker(1_000)).isEqualTo("\n[vigil: output beyond 1000 bytes was dropped]\n");
    }

    @Test
    void seq_must_be_from_one_to_below_the_marker() {
        RunLogs logs = logs(1_000);
        long run = runningRun();

        assertThatThrownBy(() -> append(logs, run, 0, "x")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("seq");
        assertThatThrownBy(() -> append(logs, run, RunLogs.MARKER_SEQ, "x")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("seq");
        append(logs, run, RunLogs.MARKER_SEQ - 1, "last");
        assertThat(logs.text(run)).isEqualTo("last");
    }

    @Test
    void output_for_a_missing_run_is_not_found() {
        assertThatThrownBy(() -> append(logs(1_000), 424_242, 1, "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void sweep_deletes_the_output_of_runs_that_ended_more_than_the_retention_ago() {
        RunLogs logs = logs(1_000);
        long expired = runEndedAt(clock.instant());
        long recent = runEndedAt(clock.instant().plus(Duration.ofDays(1)));
        long running = runningRun();
        for (long run : new long[] {expired, recent, running}) {
            append(logs, run, 1, "out\n");
            append(logs, run, 2, "more\n");
        }

        clock.advance(RETENTION);
        assertThat(logs.sweep()).isZero(); // ended exactly the retention ago: kept
        clock.advance(Duration.ofMillis(1));

        assertThat(logs.sweep()).isEqualTo(2);
        assertThat(logs.text(expired)).isEmpty();
        assertThat(logs.text(recent)).isEqualTo("out\nmore\n");
        assertThat(logs.text(running)).isEqualTo("out\nmore\n");
    }

    @Test
    void sweep_deletes_in_batches_until_done() {
        RunLogs logs = logs(1 << 20);
        long run = runEndedAt(clock.instant());
        int chunks = RunLogs.SWEEP_BATCH * 2 + 3;
        store.write(tx -> {
            for (int seq = 1; seq <= chunks; seq++) tx.runLogs().append(new LogChunk(run, seq, clock.instant(), "x"));
            return null;
        });
        clock.advance(RETENTION.plusSeconds(1));

        assertThat(logs.sweep()).isEqualTo(chunks);
        assertThat(bytes(run)).isZero();
    }

    @Test
    void the_background_pass_sweeps_at_once_then_hourly() {
        RunLogs logs = logs(1_000);
        long run = runEndedAt(clock.instant().minus(RETENTION).plus(Duration.ofMinutes(30)));
        append(logs, run, 1, "out\n");
        assertThat(logs.pass()).isEqualTo(RunLogs.SWEEP_INTERVAL.toMillis());

        clock.advance(Duration.ofMinutes(31)); // expired now, but the next sweep is not due
        assertThat(logs.pass()).isEqualTo(Duration.ofMinutes(29).toMillis());
        assertThat(logs.text(run)).isEqualTo("out\n");

        clock.advance(Duration.ofMinutes(29));
        assertThat(logs.pass()).isEqualTo(RunLogs.SWEEP_INTERVAL.toMillis());
        assertThat(logs.text(run)).isEmpty();
    }

    @Test
    void settings_are_checked() {
        assertThatThrownBy(() -> new RunLogs(store, 0, RETENTION, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunLogs(store, 10, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
