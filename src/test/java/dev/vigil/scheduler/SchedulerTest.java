package dev.vigil.scheduler;

import static java.time.Instant.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Committed;
import dev.vigil.ingest.Ingest;
import dev.vigil.monitor.DeadlineIndex;
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

/** The scheduler and the owner of runs against a real SQLite store, with a settable clock and one pass at a time. */
class SchedulerTest {
    @TempDir
    Path data;
    Transactor store;
    MutableClock clock = MutableClock.at("2025-06-01T10:01:00Z");
    Project project;

    Ingest ingest;

    @BeforeEach
    void open() {
        store = SqlStores.sqlite(data);
        ingest = new Ingest(store, clock, new DeadlineIndex(), Committed.Listener.NONE, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 1_000);
        project = store.write(tx -> tx.projects().insert("ops", "Ops", "key-ops", clock.instant()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Job managedJob(String cron, Execution.Overlap overlap, Execution.CatchUp catchUp) {
        var ex = new Execution(new Execution.Shell("true"), null, null, null, 0, null, overlap, catchUp, null, null, null, null);
        return store.write(tx -> tx.jobs().insert(TestJobs.aJob("etl").in(project).cron(cron, "UTC").execution(ex)
                .createdAt(clock.instant()).build()));
    }

    /** A scheduler whose fires go to the owner, which records them at once (no writer thread here). */
    private Scheduler scheduler() {
        return scheduler(java.time.Duration.ZERO);
    }

    private Scheduler scheduler(java.time.Duration lead) {
        return new Scheduler(store, (jobId, times) -> {
            var answer = ingest.submit(new Command.Fire(jobId, times));
            ingest.drain();
            return answer.thenApply(dev.vigil.ingest.Result::deferred);
        }, clock, lead);
    }

    private List<Run> runs(Job job) {
        return store.read(tx -> tx.runs().byJob(job.id(), null, 1_000)).reversed();
    }

    @Test
    void a_fire_time_creates_one_queued_run_on_time() {
        Job job = managedJob("*/5 * * * *", Execution.Overlap.QUEUE, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler();
        scheduler.load();
        assertThat(scheduler.runOnce()).isZero();
        clock.set(parse("2025-06-01T10:05:00Z"));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertOneQueuedRunFor(job, "2025-06-01T10:05:00Z");
    }

    private void assertOneQueuedRunFor(Job job, String fireTime) {
        assertThat(runs(job)).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RunState.QUEUED);
            assertThat(r.scheduledFor()).isEqualTo(parse(fireTime));
        });
    }

    @Test
    void two_schedulers_firing_the_same_time_create_one_run() {
        Job job = managedJob("*/5 * * * *", Execution.Overlap.ALLOW, Execution.CatchUp.LATEST);
        Scheduler a = scheduler();
        Scheduler b = scheduler();
        a.load();
        b.load();
        clock.set(parse("2025-06-01T10:05:00Z"));
        a.runOnce();
        b.runOnce();
        assertThat(runs(job)).hasSize(1);
    }

    @Test
    void queue_overlap_keeps_one_waiting_and_records_the_next_fire_time_as_skipped() {
        Job job = managedJob("*/5 * * * *", Execution.Overlap.QUEUE, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler();
        scheduler.load();
        clock.set(parse("2025-06-01T10:05:00Z"));
        scheduler.runOnce();
        clock.set(parse("2025-06-01T10:10:00Z"));
        scheduler.runOnce();
        assertThat(runs(job)).extracting(Run::state).containsExactly(RunState.QUEUED, RunState.SKIPPED);
        assertThat(runs(job).get(1).reason()).isEqualTo("overlap: queue (a run is already waiting)");
    }

    @Test
    void after_downtime_latest_catch_up_runs_the_last_missed_fire_time_and_records_the_others() {
        Job job = managedJob("*/10 * * * *", Execution.Overlap.ALLOW, Execution.CatchUp.LATEST);
        Scheduler before = scheduler();
        before.load();
        clock.set(parse("2025-06-01T10:10:00Z"));
        before.runOnce();
        before.close();

        clock.set(parse("2025-06-01T10:45:10Z")); // down for 10:20, 10:30, 10:40
        Scheduler after = scheduler();
        after.load();
        after.runOnce();
        List<Run> runs = runs(job);
        assertThat(runs).extracting(Run::scheduledFor).containsExactly(parse("2025-06-01T10:10:00Z"),
                parse("2025-06-01T10:20:00Z"), parse("2025-06-01T10:30:00Z"), parse("2025-06-01T10:40:00Z"));
        assertThat(runs).extracting(Run::state).containsExactly(RunState.QUEUED, RunState.SKIPPED, RunState.SKIPPED,
                RunState.QUEUED);
        assertThat(runs.get(1).reason()).startsWith("catch-up: only the latest");

        clock.set(parse("2025-06-01T10:50:00Z"));
        after.runOnce();
        assertThat(runs(job)).hasSize(5);
    }

    @Test
    void a_redefined_job_fires_from_now_by_its_new_schedule_and_a_watched_job_never_fires() {
        Job job = managedJob("0 * * * *", Execution.Overlap.ALLOW, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler();
        scheduler.load();
        Job every = TestJobs.Builder.from(job).every(Duration.ofMinutes(2)).build();
        scheduler.defined(every, false);
        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        scheduler.runOnce();
        assertThat(runs(job)).hasSize(1);
        scheduler.defined(TestJobs.Builder.from(job).execution(null).build(), false);
        clock.set(clock.instant().plus(Duration.ofHours(3)));
        assertThat(scheduler.runOnce()).isZero();
    }

    @Test
    void a_new_every_job_first_fires_one_interval_after_its_definition_where_the_monitor_expects_it() {
        Job job = managedJob("0 * * * *", Execution.Overlap.QUEUE, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler();
        scheduler.load();
        Instant definedAt = clock.instant();
        Job every = TestJobs.Builder.from(job).every(Duration.ofSeconds(20)).updatedAt(definedAt).build();
        clock.set(definedAt.plusMillis(300)); // the writer commits, then tells the scheduler
        scheduler.defined(every, false);
        clock.set(definedAt.plusSeconds(20));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(runs(job)).extracting(Run::scheduledFor).containsExactly(definedAt.plusSeconds(20));
    }

    @Test
    void a_definition_instant_that_is_not_fresh_does_not_anchor_the_schedule() {
        Job job = managedJob("0 * * * *", Execution.Overlap.QUEUE, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler();
        scheduler.load();
        Instant now = clock.instant();
        scheduler.defined(TestJobs.Builder.from(job).every(Duration.ofSeconds(20)).updatedAt(now.minus(Duration.ofDays(1))).build(), false);
        clock.set(now.plusSeconds(20));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(runs(job)).extracting(Run::scheduledFor).containsExactly(now.plusSeconds(20));
    }

    @Test
    void with_a_lead_a_fire_time_is_handed_over_ahead_and_its_run_waits_for_its_time() {
        Job job = managedJob("*/5 * * * *", Execution.Overlap.SKIP, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler(Duration.ofSeconds(1));
        scheduler.load();
        clock.set(parse("2025-06-01T10:04:58.999Z"));
        assertThat(scheduler.runOnce()).isZero();
        clock.set(parse("2025-06-01T10:04:59Z"));
        assertThat(scheduler.runOnce()).isEqualTo(1);

        assertOneQueuedRunFor(job, "2025-06-01T10:05:00Z");
        assertThat(store.read((dev.vigil.store.Tx tx) -> tx.runs().queued(parse("2025-06-01T10:04:59.999Z"), 10))).as("not to start before 10:05").isEmpty();
        assertThat(store.read((dev.vigil.store.Tx tx) -> tx.runs().queued(parse("2025-06-01T10:05:00Z"), 10))).hasSize(1);
        assertThat(scheduler.upcoming(null, 10)).extracting(Scheduler.Upcoming::fireTime)
                .containsExactly(parse("2025-06-01T10:10:00Z"));
    }

    @Test
    void a_fire_time_ahead_whose_outcome_depends_on_an_active_run_is_decided_at_its_time() {
        Job job = managedJob("*/5 * * * *", Execution.Overlap.SKIP, Execution.CatchUp.LATEST);
        Scheduler scheduler = scheduler(Duration.ofSeconds(1));
        scheduler.load();
        clock.set(parse("2025-06-01T10:04:59Z"));
        scheduler.runOnce();
        Run first = runs(job).getFirst();
        store.write(tx -> tx.runs().transition(first.id(), RunState.QUEUED, RunState.RUNNING, "agent-a"));

        clock.set(parse("2025-06-01T10:09:59Z"));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(runs(job)).as("the run for 10:05 may still end before 10:10").hasSize(1);
        clock.set(parse("2025-06-01T10:10:00Z"));
        assertThat(scheduler.runOnce()).as("asked again at the fire time itself").isEqualTo(1);
        assertThat(runs(job)).extracting(Run::state).containsExactly(RunState.RUNNING, RunState.SKIPPED);
        assertThat(runs(job).get(1).reason()).isEqualTo("overlap: skip (a run is still active)");

        store.write(tx -> tx.runs().transition(first.id(), RunState.RUNNING, RunState.SUCCEEDED, "agent-a"));
        clock.set(parse("2025-06-01T10:14:59Z"));
        assertThat(scheduler.runOnce()).as("free again: handed over ahead").isEqualTo(1);
        assertThat(runs(job)).extracting(Run::state).containsExactly(RunState.SUCCEEDED, RunState.SKIPPED, RunState.QUEUED);
        assertThat(runs(job).get(2).scheduledFor()).isEqualTo(parse("2025-06-01T10:15:00Z"));
    }

    @Test
    void fire_times_ahead_never_decide_about_each_other() {
        // The scheduler fell 3 s behind a job that fires every second: the fire times up to now run,
        // the first one still ahead is decided ahead, the next ones wait for their time.
        Job job = managedJob("0 * * * *", Execution.Overlap.SKIP, Execution.CatchUp.ALL);
        Scheduler scheduler = scheduler(Duration.ofSeconds(3));
        scheduler.load();
        Instant t0 = clock.instant();
        scheduler.defined(TestJobs.Builder.from(job).every(Duration.ofSeconds(1)).updatedAt(t0).build(), false);
        clock.set(t0.plusSeconds(1)); // fire times t0+1 … t0+4 are within the lead
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(runs(job)).extracting(Run::scheduledFor).containsExactly(t0.plusSeconds(1));
        assertThat(runs(job)).extracting(Run::state).containsOnly(RunState.QUEUED);
    }
}
