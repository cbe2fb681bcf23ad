package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Job;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class RunLogStoreContract extends StoreContract {
    private Job job;

    @BeforeEach
    void aJob() {
        job = insert(aCronJob("nightly").in(project("prod")));
    }

    private long run(Instant endedAt) {
        RunState state = endedAt == null ? RunState.RUNNING : RunState.SUCCEEDED;
        return db.write(tx -> tx.runs().insert(new Run(0, job.id(), null, Trigger.SCHEDULE, null, 1, state, T0,
                endedAt, endedAt == null ? null : 0, null, null, "agent-1"))).id();
    }

    private boolean append(long runId, long seq, String text) {
        return db.write(tx -> tx.runLogs().append(new LogChunk(runId, seq, T0.plusSeconds(seq), text)));
    }

    private List<LogChunk> after(long runId, long afterSeq, int limit) {
        return db.read(tx -> tx.runLogs().after(runId, afterSeq, limit));
    }

    private long bytes(long runId) {
        return db.read(tx -> tx.runLogs().bytes(runId));
    }

    private int sweep(Instant cutoff, int limit) {
        return db.write(tx -> tx.runLogs().deleteForRunsEndedBefore(cutoff, limit));
    }

    @Test
    void a_chunk_round_trips_with_every_field() {
        long run = run(null);

        assertThat(append(run, 1, "hello\n")).isTrue();

        assertThat(after(run, 0, 10)).containsExactly(new LogChunk(run, 1, T0.plusSeconds(1), "hello\n"));
    }

    @Test
    void a_redelivered_chunk_is_stored_once_and_the_first_delivery_wins() {
        long run = run(null);
        append(run, 1, "first\n");

        assertThat(append(run, 1, "again\n")).isFalse();

        assertThat(after(run, 0, 10)).extracting(LogChunk::text).containsExactly("first\n");
        assertThat(bytes(run)).isEqualTo(6);
    }

    @Test
    void chunks_come_back_in_seq_order_whatever_the_arrival_order_and_gaps() {
        long run = run(null);
        append(run, 7, "c");
        append(run, 2, "a");
        append(run, 5, "b");

        assertThat(after(run, 0, 10)).extracting(LogChunk::seq).containsExactly(2L, 5L, 7L);
    }

    @Test
    void after_pages_by_seq() {
        long run = run(null);
        for (long seq = 1; seq <= 5; seq++) append(run, seq, "line " + seq + "\n");

        List<LogChunk> page1 = after(run, 0, 2);
        List<LogChunk> page2 = after(run, page1.getLast().seq(), 2);
        List<LogChunk> page3 = after(run, page2.getLast().seq(), 2);

        assertThat(page1).extracting(LogChunk::seq).containsExactly(1L, 2L);
        assertThat(page2).extracting(LogChunk::seq).containsExactly(3L, 4L);
        assertThat(page3).extracting(LogChunk::seq).containsExactly(5L);
        assertThat(after(run, 5, 2)).isEmpty();
    }

    @Test
    void chunks_belong_to_their_run() {
        long one = run(null);
        long two = run(null);
        append(one, 1, "one");
        append(two, 1, "two!");

        assertThat(after(one, 0, 10)).extracting(LogChunk::text).containsExactly("one");
        assertThat(bytes(one)).isEqualTo(3);
        assertThat(bytes(two)).isEqualTo(4);
    }

    @Test
    void bytes_is_the_utf8_size_of_what_is_stored() {
        long run = run(null);
        append(run, 1, "é€");   // 2 + 3
        append(run, 2, "😀\n");  // 4 + 1

        assertThat(bytes(run)).isEqualTo(10);
        assertThat(bytes(run(null))).isZero();
    }

    @Test
    void text_any_database_cannot_hold_is_stored_as_replacement_characters() {
        long run = run(null);

        append(run, 1, "a\u0000b\uD800c😀");

        assertThat(after(run, 0, 1).getFirst().text()).isEqualTo("a\uFFFDb\uFFFDc😀");
        assertThat(bytes(run)).isEqualTo(1 + 3 + 1 + 3 + 1 + 4);
    }

    @Test
    void many_chunks_are_stored_together_once_each_and_a_missing_run_is_named() {
        long a = run(null);
        long b = run(null);
        append(a, 1, "first\n");
        List<LogChunk> chunks = List.of(new LogChunk(a, 1, T0, "again\n"), new LogChunk(a, 2, T0, "ab"),
                new LogChunk(b, 1, T0, "é"), new LogChunk(999_999, 1, T0, "lost"), new LogChunk(b, 2, T0, "cd"),
                new LogChunk(b, 2, T0, "cd again"));

        java.util.Set<Long> missing = db.write(tx -> tx.runLogs().appendAll(chunks));

        assertThat(missing).containsExactly(999_999L);
        assertThat(after(a, 0, 10)).extracting(LogChunk::text).containsExactly("first\n", "ab");
        assertThat(after(b, 0, 10)).extracting(LogChunk::text).containsExactly("é", "cd");
        assertThat(bytes(a)).isEqualTo(8);
        assertThat(bytes(b)).isEqualTo(4);
        assertThat(db.read((Tx tx) -> tx.runLogs().bytesOf(List.of(a, b, 999_999L))))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(a, 8L, b, 4L));
    }

    @Test
    void a_chunk_for_a_missing_run_is_not_found() {
        assertThatThrownBy(() -> append(999_999, 1, "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void retention_deletes_the_chunks_of_runs_that_ended_before_the_cutoff() {
        Instant cutoff = T0.plus(Duration.ofDays(30));
        long old = run(cutoff.minusMillis(1));
        long recent = run(cutoff);
        long running = run(null);
        for (long run : List.of(old, recent, running)) {
            append(run, 1, "abc");
            append(run, 2, "de");
        }

        int deleted = sweep(cutoff, 100);

        assertThat(deleted).isEqualTo(2);
        assertThat(after(old, 0, 10)).isEmpty();
        assertThat(bytes(old)).isZero();
        assertThat(after(recent, 0, 10)).hasSize(2);
        assertThat(after(running, 0, 10)).hasSize(2);
        assertThat(bytes(running)).isEqualTo(5);
    }

    @Test
    void retention_works_in_batches_and_keeps_the_total_true_in_between() {
        Instant cutoff = T0.plus(Duration.ofDays(30));
        long old = run(T0);
        long older = run(T0);
        for (long seq = 1; seq <= 3; seq++) {
            append(old, seq, "12345");
            append(older, seq, "12");
        }

        int first = sweep(cutoff, 4);

        assertThat(first).isEqualTo(4);
        long left = after(old, 0, 10).stream().mapToLong(LogChunk::bytes).sum()
                + after(older, 0, 10).stream().mapToLong(LogChunk::bytes).sum();
        assertThat(bytes(old) + bytes(older)).isEqualTo(left);
        assertThat(sweep(cutoff, 4)).isEqualTo(2);
        assertThat(sweep(cutoff, 4)).isZero();
        assertThat(bytes(old) + bytes(older)).isZero();
    }

    @Test
    void a_run_swept_empty_can_take_chunks_again() {
        long run = run(T0);
        append(run, 1, "abc");
        sweep(T0.plusSeconds(1), 10);

        assertThat(append(run, 2, "late")).isTrue();

        assertThat(bytes(run)).isEqualTo(4);
    }
}
