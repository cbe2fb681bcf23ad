package dev.vigil.scheduler;

import static java.time.Instant.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirePlannerTest {
    static final Instant NOW = parse("2025-06-01T12:00:00Z");

    static Execution policy(Execution.Overlap overlap, Execution.CatchUp catchUp) {
        return new Execution(new Execution.Shell("true"), null, null, null, 0, null, overlap, catchUp, Duration.ofHours(1),
                null, null, null);
    }

    static Run run(long id, RunState state) {
        return new Run(id, 1, null, Trigger.SCHEDULE, NOW.minusSeconds(60), 1, state, null, null, null, null, null, null);
    }

    @Test
    void on_time_fire_with_nothing_active_queues_a_run() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.QUEUE, Execution.CatchUp.LATEST), List.of(NOW), List.of(), NOW);
        assertThat(plans).containsExactly(new FirePlan.Queue(NOW));
    }

    @Test
    void queue_lets_one_run_wait_behind_a_running_one_and_skips_further_fire_times() {
        var ex = policy(Execution.Overlap.QUEUE, Execution.CatchUp.LATEST);
        assertThat(FirePlanner.plan(ex, List.of(NOW), List.of(run(1, RunState.RUNNING)), NOW))
                .containsExactly(new FirePlan.Queue(NOW));
        assertThat(FirePlanner.plan(ex, List.of(NOW), List.of(run(1, RunState.RUNNING), run(2, RunState.QUEUED)), NOW))
                .containsExactly(new FirePlan.Skip(NOW, "overlap: queue (a run is already waiting)"));
    }

    @Test
    void skip_records_the_fire_time_as_skipped_while_a_run_is_active() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.SKIP, Execution.CatchUp.LATEST), List.of(NOW),
                List.of(run(1, RunState.RUNNING)), NOW);
        assertThat(plans).containsExactly(new FirePlan.Skip(NOW, "overlap: skip (a run is still active)"));
    }

    @Test
    void allow_runs_in_parallel() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.ALLOW, Execution.CatchUp.LATEST), List.of(NOW),
                List.of(run(1, RunState.RUNNING), run(2, RunState.QUEUED)), NOW);
        assertThat(plans).containsExactly(new FirePlan.Queue(NOW));
    }

    @Test
    void replace_cancels_what_is_active_and_queues_the_new_run() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.REPLACE, Execution.CatchUp.LATEST), List.of(NOW),
                List.of(run(7, RunState.RUNNING)), NOW);
        assertThat(plans).containsExactly(new FirePlan.Cancel(7, "overlap: replace (replaced by the run for " + NOW + ")"),
                new FirePlan.Queue(NOW));
    }

    private static List<Instant> missedEveryTenMinutes() {
        return List.of(parse("2025-06-01T10:40:00Z"), parse("2025-06-01T11:10:00Z"), parse("2025-06-01T11:20:00Z"),
                parse("2025-06-01T11:30:00Z"));
    }

    @Test
    void catch_up_latest_runs_only_the_most_recent_missed_fire_time_and_records_the_rest() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.QUEUE, Execution.CatchUp.LATEST), missedEveryTenMinutes(),
                List.of(), NOW);
        assertThat(plans).containsExactlyInAnyOrder(
                new FirePlan.Skip(parse("2025-06-01T10:40:00Z"), "catch-up: older than the 1h window"),
                new FirePlan.Skip(parse("2025-06-01T11:10:00Z"), "catch-up: only the latest missed fire time runs (2025-06-01T11:30:00Z)"),
                new FirePlan.Skip(parse("2025-06-01T11:20:00Z"), "catch-up: only the latest missed fire time runs (2025-06-01T11:30:00Z)"),
                new FirePlan.Queue(parse("2025-06-01T11:30:00Z")));
    }

    @Test
    void catch_up_all_runs_every_missed_fire_time_in_the_window_in_order() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.QUEUE, Execution.CatchUp.ALL), missedEveryTenMinutes(),
                List.of(), NOW);
        assertThat(plans).filteredOn(p -> p instanceof FirePlan.Queue).containsExactly(
                new FirePlan.Queue(parse("2025-06-01T11:10:00Z")), new FirePlan.Queue(parse("2025-06-01T11:20:00Z")),
                new FirePlan.Queue(parse("2025-06-01T11:30:00Z")));
        assertThat(plans).hasSize(4);
    }

    @Test
    void catch_up_none_records_every_missed_fire_time_as_skipped() {
        var plans = FirePlanner.plan(policy(Execution.Overlap.QUEUE, Execution.CatchUp.NONE), missedEveryTenMinutes(),
                List.of(), NOW);
        assertThat(plans).hasSize(4).allMatch(p -> p instanceof FirePlan.Skip);
    }

    @Test
    void every_due_fire_time_gets_exactly_one_plan() {
        for (var overlap : Execution.Overlap.values()) {
            for (var catchUp : Execution.CatchUp.values()) {
                var due = new java.util.ArrayList<>(missedEveryTenMinutes());
                due.add(NOW);
                var plans = FirePlanner.plan(policy(overlap, catchUp), due, List.of(run(3, RunState.RUNNING)), NOW);
                var planned = plans.stream().<Instant>mapMulti((p, sink) -> {
                    if (p instanceof FirePlan.Queue q) sink.accept(q.fireTime());
                    if (p instanceof FirePlan.Skip s) sink.accept(s.fireTime());
                }).toList();
                assertThat(planned).as(overlap + "/" + catchUp).containsExactlyInAnyOrderElementsOf(due);
            }
        }
    }
}
