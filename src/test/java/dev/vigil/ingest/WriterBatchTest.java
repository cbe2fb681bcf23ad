package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Job;
import dev.vigil.domain.Status;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many reports of the same jobs in one writer batch commit as that one batch, on both databases:
 * the batched writes (a multi-row upsert of job states on PostgreSQL may not touch one row twice)
 * must not make the batch fail and fall back to one transaction per command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriterBatchTest {
    private final PostgresSchema postgres = new PostgresSchema();
    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");

    @AfterAll
    void dropSchema() {
        postgres.close();
    }

    @Test
    void a_batch_of_starts_and_finishes_of_the_same_jobs_commits_once_on_postgres() {
        check(postgres.emptied());
    }

    @Test
    void a_batch_of_starts_and_finishes_of_the_same_jobs_commits_once_on_sqlite() {
        try (Transactor sqlite = SqlStores.sqlite(dir)) {
            check(sqlite);
        }
    }

    @Test
    void commands_submitted_together_are_taken_by_the_running_writer_in_one_batch() {
        try (Transactor sqlite = SqlStores.sqlite(dir)) {
            var project = sqlite.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
            Job job = sqlite.write(tx -> tx.jobs().insert(TestJobs.aJob("job").in(project).createdAt(clock.instant()).build()));
            Ingest ingest = new Ingest(sqlite, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                    Duration.ofMinutes(1), 1_000);
            ingest.start();
            try {
                for (int round = 0; round < 5; round++) {
                    List<Command> commands = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        Observation.Kind kind = i % 2 == 0 ? Observation.Kind.START : Observation.Kind.SUCCESS;
                        commands.add(new Command.Report(new Command.ById(job.id()), Observation.of(kind, clock.instant()),
                                null, null, "test"));
                    }
                    long before = ingest.batches();

                    ingest.submitAll(commands).forEach(CompletableFuture::join);

                    assertThat(ingest.batches() - before).as("round %d: one commit for 200 commands", round).isEqualTo(1);
                }
            } finally {
                ingest.close();
            }
        }
    }

    private void check(Transactor store) {
        var project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String slug = "job" + i;
            jobs.add(store.write(tx -> tx.jobs().insert(TestJobs.aJob(slug).in(project).createdAt(clock.instant()).build())));
        }
        Ingest ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2), Duration.ofMinutes(1), 1_000);
        List<CompletableFuture<Result>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Job job : jobs) {
                for (Observation.Kind kind : List.of(Observation.Kind.START, Observation.Kind.SUCCESS)) {
                    answers.add(ingest.submit(new Command.Report(new Command.ById(job.id()),
                            Observation.of(kind, clock.instant()), null, null, "test")));
                }
            }
        }

        ingest.drain();

        assertThat(answers).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(ingest.batches()).as("one transaction for all %d commands", answers.size()).isEqualTo(1);
        for (Job job : jobs) {
            var state = store.read(tx -> tx.states().get(job.id())).orElseThrow();
            assertThat(state.status()).isEqualTo(Status.UP);
            assertThat(state.consecutiveSuccesses()).isEqualTo(3);
            assertThat(state.openRuns()).isZero();
            List<dev.vigil.domain.Run> runs = store.read(tx -> tx.runs().byJob(job.id(), null, 10));
            assertThat(runs).hasSize(3);
        }
        ingest.close();
    }
}
