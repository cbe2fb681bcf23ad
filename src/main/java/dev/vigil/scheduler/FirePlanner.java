package dev.vigil.scheduler;

import dev.vigil.domain.Execution;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The overlap and catch-up rules of PRODUCT.md §5 as one pure function: given the fire times that
 * are due, the job's runs still active and the time now, what to queue, skip or cancel.
 *
 * <p>Fire times due more than {@link #ON_TIME} ago were missed (the scheduler was down or behind):
 * the catch-up policy chooses among them, and those outside the catch-up window are skipped.
 * Every fire time gets exactly one plan, so none is ever silently dropped.
 */
public final class FirePlanner {
    /** A fire time handled within this of its time is on time, not a catch-up. */
    public static final Duration ON_TIME = Duration.ofSeconds(30);

    private FirePlanner() {}

    public static List<FirePlan> plan(Execution ex, List<Instant> due, List<Run> active, Instant now) {
        List<FirePlan> plans = new ArrayList<>();
        List<Instant> toRun = new ArrayList<>();
        Instant windowStart = now.minus(ex.catchUpWindow());
        List<Instant> missed = new ArrayList<>();
        for (Instant f : due) {
            if (!now.minus(ON_TIME).isAfter(f)) {
                toRun.add(f);
            } else if (f.isBefore(windowStart)) {
                plans.add(new FirePlan.Skip(f, "catch-up: older than the " + Durations.format(ex.catchUpWindow()) + " window"));
            } else {
                missed.add(f);
            }
        }
        List<Instant> caughtUp = catchUp(ex, missed, plans);
        toRun.addAll(0, caughtUp);
        applyOverlap(ex, toRun, active, plans, ex.catchUp() == Execution.CatchUp.ALL && caughtUp.size() > 1);
        return plans;
    }

    /**
     * The retry of a failed attempt, under the same overlap rule as a fire time: it waits for its
     * back-off like any queued run, but a newer run already covers the job under {@code skip} and
     * {@code replace}, and under {@code queue} one run already waiting is enough.
     */
    public static FirePlan retry(Execution ex, Instant fireTime, List<Run> active) {
        String reason = switch (ex.overlap()) {
            case SKIP -> active.isEmpty() ? null : "overlap: skip (a run is still active)";
            case REPLACE -> active.isEmpty() ? null : "overlap: replace (a newer run replaced it)";
            case QUEUE -> active.stream().anyMatch(r -> r.state() == RunState.QUEUED)
                    ? "overlap: queue (a run is already waiting)" : null;
            case ALLOW -> null;
        };
        return reason == null ? new FirePlan.Queue(fireTime) : new FirePlan.Skip(fireTime, reason);
    }

    private static List<Instant> catchUp(Execution ex, List<Instant> missed, List<FirePlan> plans) {
        if (missed.isEmpty()) return List.of();
        return switch (ex.catchUp()) {
            case ALL -> missed;
            case NONE -> {
                missed.forEach(f -> plans.add(new FirePlan.Skip(f, "catch-up: none (missed while the scheduler was down)")));
                yield List.of();
            }
            case LATEST -> {
                Instant latest = missed.getLast();
                missed.subList(0, missed.size() - 1).forEach(f ->
                        plans.add(new FirePlan.Skip(f, "catch-up: only the latest missed fire time runs (" + latest + ")")));
                yield List.of(latest);
            }
        };
    }

    /**
     * @param allInOrder catch-up {@code all}: every chosen fire time runs, one after the other, so the
     *                   one-waiting limit of {@code queue} does not apply among them
     */
    private static void applyOverlap(Execution ex, List<Instant> toRun, List<Run> active, List<FirePlan> plans,
                                     boolean allInOrder) {
        if (toRun.isEmpty()) return;
        if (ex.overlap() == Execution.Overlap.REPLACE) {
            Instant last = toRun.getLast();
            for (Run r : active) plans.add(new FirePlan.Cancel(r.id(), "overlap: replace (replaced by the run for " + last + ")"));
            for (Instant f : toRun.subList(0, toRun.size() - 1)) {
                plans.add(new FirePlan.Skip(f, "overlap: replace (replaced by the run for " + last + ")"));
            }
            plans.add(new FirePlan.Queue(last));
            return;
        }
        boolean busy = !active.isEmpty();
        boolean waiting = active.stream().anyMatch(r -> r.state() == RunState.QUEUED);
        for (Instant f : toRun) {
            boolean skip = switch (ex.overlap()) {
                case SKIP -> busy;
                case QUEUE -> waiting && !allInOrder;
                default -> false;
            };
            if (skip) {
                plans.add(new FirePlan.Skip(f, ex.overlap() == Execution.Overlap.SKIP
                        ? "overlap: skip (a run is still active)" : "overlap: queue (a run is already waiting)"));
                continue;
            }
            plans.add(new FirePlan.Queue(f));
            waiting = busy; // the new run waits if another one is still going
            busy = true;
        }
    }
}
