package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.Job;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class RunStoreContract extends StoreContract {
    private Job job;

    @BeforeEach
    void aJob() {
        job = insert(aCronJob("nightly").in(project("prod")));
    }

    private Run running(String rid, int startSecond) {
        return new Run(0, job.id(), rid, Trigger.EXTERNAL, null, 1, RunState.RUNNING, T0.plusSeconds(startSecond),
                null, null, null, null, null);
    }

    private Run insert(Run run) {
        return db.write(tx -> tx.runs().insert(run));
    }

    @Test
    void an_inserted_run_round_trips_with_every_field() {
        Run run = new Run(0, job.id(), "r1", Trigger.SCHEDULE, T0, 2, RunState.FAILED, T0.plusMillis(5),
                T0.plusSeconds(9), 137, "killed", "out of memory", "agent-1");

        Run stored = insert(run);

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(new Run(stored.id(), job.id(), "r1", Trigger.SCHEDULE, T0, 2, RunState.FAILED,
                T0.plusMillis(5), T0.plusSeconds(9), 137, "killed", "out of memory", "agent-1"));
        assertThat(db.read((Tx tx) -> tx.runs().byId(stored.id()))).contains(stored);
    }

    @Test
    void holdings_say_whose_each_run_is_and_of_which_project() {
        Job other = insert(aCronJob("hourly").in(project("other")));
        Run held = insert(new Run(0, job.id(), null, Trigger.MANUAL, null, 1, RunState.RUNNING, T0, null, null, null,
                null, "agent-a"));
        Run queued = insert(new Run(0, other.id(), null, Trigger.MANUAL, null, 1, RunState.QUEUED, null, null, null, null,
                null, null));

        var holdings = db.read((Tx tx) -> tx.runs().holdings(List.of(held.id(), queued.id(), 999_999L)));
        assertThat(holdings).containsOnlyKeys(held.id(), queued.id());
        assertThat(holdings.get(held.id())).isEqualTo(new RunStore.Holding(held.id(), "agent-a", job.projectId()));
        assertThat(holdings.get(queued.id())).isEqualTo(new RunStore.Holding(queued.id(), null, other.projectId()));
    }

    @Test
    void the_running_runs_and_the_jobs_of_runs_are_read_for_many_jobs_at_once() {
        Job other = insert(aCronJob("hourly").in(project("other")));
        Run late = insert(running("r2", 20));
        Run early = insert(running("r1", 10));
        Run ended = insert(new Run(0, job.id(), "r0", Trigger.EXTERNAL, null, 1, RunState.SUCCEEDED, T0, T0.plusSeconds(1),
                0, null, null, null));
        Run otherRunning = db.write(tx -> tx.runs().insert(new Run(0, other.id(), null, Trigger.MANUAL, null, 1,
                RunState.RUNNING, T0, null, null, null, null, "a")));
        Job idle = insert(aCronJob("idle").in(project("idle")));

        java.util.Map<Long, List<Run>> open = db.read((Tx tx) -> tx.runs().openOf(List.of(job.id(), other.id(), idle.id())));
        assertThat(open.get(job.id())).as("oldest start first, as open(job)").containsExactly(early, late)
                .isEqualTo(db.read((Tx tx) -> tx.runs().open(job.id())));
        assertThat(open.get(other.id())).containsExactly(otherRunning);
        assertThat(open).doesNotContainKey(idle.id());

        java.util.Map<Long, Long> jobs = db.read((Tx tx) -> tx.runs().jobIdsOf(List.of(late.id(), ended.id(), otherRunning.id(), 999_999L)));
        assertThat(jobs).containsOnly(java.util.Map.entry(late.id(), job.id()), java.util.Map.entry(ended.id(), job.id()),
                java.util.Map.entry(otherRunning.id(), other.id()));
    }

    @Test
    void update_rewrites_the_run() {
        Run started = insert(running("r1", 0));
        Run finished = new Run(started.id(), job.id(), "r1", Trigger.EXTERNAL, null, 1, RunState.SUCCEEDED,
                started.startedAt(), T0.plusSeconds(30), 0, null, "ok", null);

        db.write(tx -> { tx.runs().update(finished); return null; });

        assertThat(db.read((Tx tx) -> tx.runs().byId(started.id()))).contains(finished);
    }

    @Test
    void a_run_updated_twice_in_one_transaction_is_as_the_last_update_says_within_it_and_after() {
        Run started = insert(running("r1", 0));
        Run other = insert(running("r2", 1));
        Run failed = new Run(started.id(), job.id(), "r1", Trigger.EXTERNAL, null, 1, RunState.FAILED,
                started.startedAt(), T0.plusSeconds(5), 1, "exit 1", "boom", null);
        Run succeeded = new Run(started.id(), job.id(), "r1", Trigger.EXTERNAL, null, 1, RunState.SUCCEEDED,
                started.startedAt(), T0.plusSeconds(30), 0, null, "ok", null);
        Run otherEnded = new Run(other.id(), job.id(), "r2", Trigger.EXTERNAL, null, 1, RunState.CANCELLED,
                other.startedAt(), T0.plusSeconds(2), null, "cancelled", null, null);

        Run seen = db.write(tx -> {
            tx.runs().update(failed);
            tx.runs().update(otherEnded);
            tx.runs().update(succeeded);
            return tx.runs().byId(started.id()).orElseThrow();
        });
        db.write(tx -> {
            tx.runs().update(new Run(other.id(), job.id(), "r2", Trigger.EXTERNAL, null, 1, RunState.RUNNING,
                    other.startedAt(), null, null, null, null, null));
            tx.runs().update(otherEnded);
            return null;
        });

        assertThat(seen).isEqualTo(succeeded);
        assertThat(db.read((Tx tx) -> tx.runs().byIds(List.of(started.id(), other.id()))))
                .containsExactlyInAnyOrder(succeeded, otherEnded);
    }

    @Test
    void a_missing_run_among_updates_in_one_transaction_is_not_found_and_nothing_is_written() {
        Run started = insert(running("r1", 0));
        Run finished = new Run(started.id(), job.id(), "r1", Trigger.EXTERNAL, null, 1, RunState.SUCCEEDED,
                started.startedAt(), T0.plusSeconds(30), 0, null, "ok", null);

        assertThatThrownBy(() -> db.write(tx -> {
            tx.runs().update(finished);
            tx.runs().update(running("missing", 3));
            return null;
        })).isInstanceOf(NotFoundException.class);

        assertThat(db.read((Tx tx) -> tx.runs().byId(started.id()))).contains(started);
    }

    @Test
    void updating_a_missing_run_is_not_found() {
        assertThatThrownBy(() -> db.write(tx -> { tx.runs().update(running("r", 0)); return null; }))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void open_runs_are_the_running_ones_oldest_start_first() {
        Run late = insert(running("b", 20));
        Run early = insert(running("a", 10));
        insert(new Run(0, job.id(), "c", Trigger.EXTERNAL, null, 1, RunState.SUCCEEDED, T0, T0.plusSeconds(1),
                0, null, null, null));
        insert(new Run(0, job.id(), "d", Trigger.SCHEDULE, T0, 1, RunState.QUEUED, null, null, null, null, null, null));

        assertThat(db.read((Tx tx) -> tx.runs().open(job.id()))).containsExactly(early, late);
        assertThat(db.read((Tx tx) -> tx.runs().latestOpen(job.id()))).contains(late);
    }

    @Test
    void open_by_rid_finds_only_a_running_run_of_that_job() {
        Run open = insert(running("r1", 0));
        insert(new Run(0, job.id(), "r2", Trigger.EXTERNAL, null, 1, RunState.FAILED, T0, T0, 1, null, null, null));
        Job other = insert(aCronJob("other").in(project("dev")));

        assertThat(db.read((Tx tx) -> tx.runs().openByRid(job.id(), "r1"))).contains(open);
        assertThat(db.read((Tx tx) -> tx.runs().openByRid(job.id(), "r2"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.runs().openByRid(other.id(), "r1"))).isEmpty();
    }

    @Test
    void a_job_without_open_runs_has_none() {
        assertThat(db.read((Tx tx) -> tx.runs().latestOpen(job.id()))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.runs().open(job.id()))).isEmpty();
    }

    @Test
    void by_job_is_newest_first_and_pages_backwards() {
        for (int i = 0; i < 3; i++) insert(running("r" + i, i));

        List<Run> page1 = db.read(tx -> tx.runs().byJob(job.id(), null, 2));
        List<Run> page2 = db.read(tx -> tx.runs().byJob(job.id(), page1.getLast().id(), 2));

        assertThat(page1).extracting(Run::rid).containsExactly("r2", "r1");
        assertThat(page2).extracting(Run::rid).containsExactly("r0");
    }

    private Run scheduled(java.time.Instant fireTime, int attempt, RunState state) {
        return new Run(0, job.id(), null, Trigger.SCHEDULE, fireTime, attempt, state, null, null, null, null, null, null);
    }

    @Test
    void a_fire_time_gets_exactly_one_run_per_attempt_whoever_inserts_it() {
        var first = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED)));
        var again = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.SKIPPED)));
        var retry = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 2, RunState.QUEUED)));
        assertThat(first).isPresent();
        assertThat(again).isEmpty();
        assertThat(retry).isPresent();
        assertThat(db.read((Tx tx) -> tx.runs().byId(first.get().id())).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void active_runs_and_the_last_fire_time_are_known() {
        java.util.Optional<java.time.Instant> none = db.read(tx -> tx.runs().lastScheduledFor(job.id()));
        assertThat(none).isEmpty();
        db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.SKIPPED)));
        var queued = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(60), 1, RunState.QUEUED))).orElseThrow();
        insert(running("r9", 0));
        java.util.Optional<java.time.Instant> last = db.read(tx -> tx.runs().lastScheduledFor(job.id()));
        assertThat(last).contains(T0.plusSeconds(60));
        java.util.Map<Long, java.time.Instant> all = db.read(tx -> tx.runs().lastScheduledForAll());
        assertThat(all).containsExactly(java.util.Map.entry(job.id(), T0.plusSeconds(60)));
        List<Run> active = db.read(tx -> tx.runs().active(job.id()));
        assertThat(active).extracting(Run::state).containsExactly(RunState.QUEUED, RunState.RUNNING);
        assertThat(active.getFirst().id()).isEqualTo(queued.id());
    }

    @Test
    void a_queued_run_is_claimed_by_one_agent_only() {
        Run queued = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        List<RunStore.Queued> waiting = db.read(tx -> tx.runs().queued(T0, 10));
        assertThat(waiting).extracting(q -> q.run().id()).containsExactly(queued.id());
        boolean first = db.write(tx -> tx.runs().transition(queued.id(), RunState.QUEUED, RunState.DISPATCHED, "agent-a"));
        boolean second = db.write(tx -> tx.runs().transition(queued.id(), RunState.QUEUED, RunState.DISPATCHED, "agent-b"));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        Run claimed = db.read(tx -> tx.runs().byId(queued.id())).orElseThrow();
        assertThat(claimed.state()).isEqualTo(RunState.DISPATCHED);
        assertThat(claimed.agent()).isEqualTo("agent-a");
        List<RunStore.Queued> none = db.read(tx -> tx.runs().queued(T0, 10));
        assertThat(none).isEmpty();
    }

    @Test
    void run_params_are_kept_and_a_not_before_time_holds_the_run_back() {
        Run queued = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        db.write(tx -> {
            tx.runs().setDispatch(queued.id(), java.util.Map.of("DAY", "mon"), T0.plusSeconds(30));
            return null;
        });
        java.util.Map<String, String> params = db.read(tx -> tx.runs().params(queued.id()));
        assertThat(params).containsExactly(java.util.Map.entry("DAY", "mon"));
        List<RunStore.Queued> early = db.read(tx -> tx.runs().queued(T0.plusSeconds(29), 10));
        List<RunStore.Queued> due = db.read(tx -> tx.runs().queued(T0.plusSeconds(30), 10));
        assertThat(early).isEmpty();
        assertThat(due).singleElement().extracting(RunStore.Queued::notBefore).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void an_exclusive_claim_waits_while_another_run_of_the_job_is_going() {
        Run first = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        Run second = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(60), 1, RunState.QUEUED))).orElseThrow();
        assertThat(db.write((Tx tx) -> tx.runs().claim(first.id(), "agent-a", true))).isTrue();
        assertThat(db.write((Tx tx) -> tx.runs().claim(second.id(), "agent-b", true))).as("the job is busy").isFalse();
        assertThat(db.write((Tx tx) -> tx.runs().claim(second.id(), "agent-b", false))).as("overlap allow").isTrue();
        assertThat(db.write((Tx tx) -> tx.runs().claim(first.id(), "agent-b", false))).as("claimed already").isFalse();
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-a"))).extracting(Run::id).containsExactly(first.id());
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-b"))).extracting(Run::id).containsExactly(second.id());
    }

    @Test
    void claims_sent_together_win_in_order_and_an_exclusive_one_sees_the_claims_before_it() {
        Run first = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        Run second = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(60), 1, RunState.QUEUED))).orElseThrow();
        Run gone = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(120), 1, RunState.SKIPPED))).orElseThrow();

        boolean[] won = db.write(tx -> tx.runs().claimAll(List.of(new RunStore.Claim(first.id(), job.id(), true),
                new RunStore.Claim(second.id(), job.id(), true), new RunStore.Claim(gone.id(), job.id(), true)), "agent-a"));

        assertThat(won).containsExactly(true, false, false);
        boolean[] allowed = db.write(tx -> tx.runs().claimAll(List.of(new RunStore.Claim(second.id(), job.id(), false),
                new RunStore.Claim(first.id(), job.id(), false)), "agent-b"));
        assertThat(allowed).as("overlap allow; the first is taken already").containsExactly(true, false);
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-a"))).extracting(Run::id).containsExactly(first.id());
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-b"))).extracting(Run::id).containsExactly(second.id());
    }

    @Test
    void exclusive_claims_of_many_jobs_in_one_call_win_one_run_per_free_job() {
        Project dev = project("dev");
        Job second = insert(aCronJob("second").in(dev));
        Job busy = insert(aCronJob("busy").in(dev));
        Run busyRun = db.write(tx -> tx.runs().insert(new Run(0, busy.id(), null, Trigger.MANUAL, null, 1, RunState.RUNNING,
                T0, null, null, null, null, "agent-z")));
        List<RunStore.Claim> claims = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Job j : List.of(job, second, busy)) {
                Run queued = db.write(tx -> tx.runs().insert(new Run(0, j.id(), null, Trigger.MANUAL, null, 1, RunState.QUEUED,
                        null, null, null, null, null, null)));
                claims.add(new RunStore.Claim(queued.id(), j.id(), true));
                ids.add(queued.id());
            }
        }

        boolean[] won = db.write(tx -> tx.runs().claimAll(claims, "agent-a"));

        assertThat(won).as("the first run of each free job; none of the busy one")
                .containsExactly(true, true, false, false, false, false, false, false, false);
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-a"))).extracting(Run::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(db.read((Tx tx) -> tx.runs().byId(busyRun.id())).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void deferred_fire_time_runs_are_inserted_once_and_active_runs_are_read_for_many_jobs_at_once() {
        Job other = insert(aCronJob("other").in(project("dev")));
        db.write(tx -> {
            // Fired ahead of its time: it may not start before it.
            tx.runs().insertScheduledLater(scheduled(T0, 1, RunState.QUEUED), T0);
            tx.runs().insertScheduledLater(scheduled(T0, 1, RunState.QUEUED), null); // the same fire time again: skipped
            tx.runs().insertScheduledLater(scheduled(T0.plusSeconds(60), 1, RunState.SKIPPED), null);
            return null;
        });
        Run otherRun = db.write(tx -> tx.runs().insert(new Run(0, other.id(), null, Trigger.MANUAL, null, 1, RunState.RUNNING,
                T0, null, null, null, null, null)));

        var active = db.read((Tx tx) -> tx.runs().activeOf(List.of(job.id(), other.id(), 999_999L)));

        assertThat(db.read((Tx tx) -> tx.runs().byJob(job.id(), null, 10))).extracting(Run::state)
                .containsExactly(RunState.SKIPPED, RunState.QUEUED);
        assertThat(active.get(job.id())).extracting(Run::scheduledFor).containsExactly(T0);
        assertThat(db.read((Tx tx) -> tx.runs().queued(T0.minusMillis(1), 10))).as("not yet due").isEmpty();
        assertThat(db.read((Tx tx) -> tx.runs().queued(T0, 10))).singleElement()
                .extracting(RunStore.Queued::notBefore).isEqualTo(T0);
        assertThat(active.get(other.id())).extracting(Run::id).containsExactly(otherRun.id());
        assertThat(active).doesNotContainKey(999_999L);
    }

    @Test
    void runs_and_their_params_are_read_many_at_once() {
        Run a = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        Run b = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(60), 1, RunState.QUEUED))).orElseThrow();
        db.write(tx -> {
            tx.runs().setDispatch(b.id(), java.util.Map.of("DAY", "tue"), null);
            return null;
        });

        assertThat(db.read((Tx tx) -> tx.runs().byIds(List.of(a.id(), b.id(), 999_999L)))).extracting(Run::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(db.read((Tx tx) -> tx.runs().paramsOf(List.of(a.id(), b.id()))))
                .containsExactly(java.util.Map.entry(b.id(), java.util.Map.of("DAY", "tue")));
    }

    @Test
    void a_stop_request_is_seen_by_the_agent_holding_the_run_until_the_run_moves_on() {
        Run run = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        db.write(tx -> tx.runs().claim(run.id(), "agent-a", true));
        assertThat(db.read((Tx tx) -> tx.runs().stopRequested("agent-a"))).isEmpty();
        db.write(tx -> {
            tx.runs().requestStop(run.id(), T0.plusSeconds(5));
            return null;
        });
        assertThat(db.read((Tx tx) -> tx.runs().stopRequested("agent-a"))).containsExactly(run.id());
        assertThat(db.read((Tx tx) -> tx.runs().stopRequested("agent-b"))).isEmpty();
        // Never received by its agent: back to the queue, and a new claim starts without the request.
        assertThat(db.write((Tx tx) -> tx.runs().transition(run.id(), RunState.DISPATCHED, RunState.QUEUED, null))).isTrue();
        assertThat(db.read((Tx tx) -> tx.runs().heldBy("agent-a"))).isEmpty();
        db.write(tx -> tx.runs().claim(run.id(), "agent-b", true));
        assertThat(db.read((Tx tx) -> tx.runs().stopRequested("agent-b"))).isEmpty();
    }

    @Test
    void the_next_back_off_end_among_queued_runs_is_found() {
        Run a = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        Run b = db.write(tx -> tx.runs().insertScheduled(scheduled(T0.plusSeconds(60), 1, RunState.QUEUED))).orElseThrow();
        assertThat(db.read((Tx tx) -> tx.runs().nextNotBefore(T0))).isEmpty();
        db.write(tx -> {
            tx.runs().setDispatch(a.id(), java.util.Map.of(), T0.plusSeconds(30));
            tx.runs().setDispatch(b.id(), java.util.Map.of(), T0.plusSeconds(10));
            return null;
        });
        assertThat(db.read((Tx tx) -> tx.runs().nextNotBefore(T0))).contains(T0.plusSeconds(10));
        assertThat(db.read((Tx tx) -> tx.runs().nextNotBefore(T0.plusSeconds(10)))).contains(T0.plusSeconds(30));
        assertThat(db.read((Tx tx) -> tx.runs().nextNotBefore(T0.plusSeconds(30)))).isEmpty();
    }

    @Test
    void runs_in_a_state_are_listed_across_jobs_and_by_project() {
        Run queued = db.write(tx -> tx.runs().insertScheduled(scheduled(T0, 1, RunState.QUEUED))).orElseThrow();
        insert(running("r1", 0));
        List<Run> all = db.read(tx -> tx.runs().inState(RunState.QUEUED, null, 10));
        List<Run> mine = db.read(tx -> tx.runs().inState(RunState.QUEUED, job.projectId(), 10));
        List<Run> elsewhere = db.read(tx -> tx.runs().inState(RunState.QUEUED, job.projectId() + 1000, 10));
        assertThat(all).extracting(Run::id).containsExactly(queued.id());
        assertThat(mine).extracting(Run::id).containsExactly(queued.id());
        assertThat(elsewhere).isEmpty();
    }
}
