package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.Observation;
import dev.vigil.store.TestJobs;
import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import dev.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the writer reads ahead for a batch stays true for the batch's later commands: a run queued
 * for a downstream job by an earlier command is seen by a fire of that job later in the same batch.
 */
class BatchReadAheadTest {
    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-06-01T10:00:00Z");
    Transactor store;
    Ingest ingest;
    dev.vigil.domain.Project project;

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(dir);
        project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
        ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 1_000);
    }

    @AfterEach
    void close() {
        ingest.close();
        store.close();
    }

    private Job managed(String slug, List<String> after) {
        Execution ex = new Execution(new Execution.Shell("true"), null, null, null, 0, null, Execution.Overlap.SKIP,
                Execution.CatchUp.LATEST, null, null, after, null);
        return store.write(tx -> tx.jobs().insert(TestJobs.aJob(slug).in(project).cron("0 * * * *", "UTC").execution(ex)
                .createdAt(clock.instant()).build()));
    }

    private List<Run> runs(Job job) {
        return store.read(tx -> tx.runs().byJob(job.id(), null, 100)).reversed();
    }

    @Test
    void a_fire_later_in_the_batch_sees_the_run_an_upstream_success_queued_for_its_job() {
        Job extract = managed("extract", List.of());
        Job load = managed("load", List.of("extract"));
        Job other = managed("other", List.of());
        Instant now = clock.instant();
        Run running = store.write(tx -> tx.runs().insert(new Run(0, extract.id(), null, Trigger.MANUAL, null, 1,
                RunState.RUNNING, now, null, null, null, null, "agent-a")));
        Run otherRunning = store.write(tx -> tx.runs().insert(new Run(0, other.id(), null, Trigger.MANUAL, null, 1,
                RunState.RUNNING, now, null, null, null, null, "agent-a")));

        // One batch: extract succeeds (load is queued after it), then load's and other's fire times come.
        var finished = ingest.submit(new Command.RunReport(running.id(), "agent-a", Observation.of(Observation.Kind.SUCCESS, now),
                null, null, null));
        var finishedOther = ingest.submit(new Command.RunReport(otherRunning.id(), "agent-a",
                Observation.of(Observation.Kind.SUCCESS, now), null, null, null));
        var fired = ingest.submit(new Command.Fire(load.id(), List.of(now)));
        var firedOther = ingest.submit(new Command.Fire(other.id(), List.of(now)));
        ingest.drain();
        assertThat(List.of(finished, finishedOther, fired, firedOther)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(ingest.batches()).as("all in one batch").isEqualTo(1);

        assertThat(runs(load)).extracting(Run::trigger, Run::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Trigger.UPSTREAM, RunState.QUEUED),
                org.assertj.core.groups.Tuple.tuple(Trigger.SCHEDULE, RunState.SKIPPED));
        assertThat(runs(other)).extracting(Run::state).containsExactly(RunState.SUCCEEDED, RunState.QUEUED);
    }
}
