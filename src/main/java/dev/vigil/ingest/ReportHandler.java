package dev.vigil.ingest;

import dev.vigil.monitor.StatusRules;
import dev.vigil.monitor.RunFacts;
import dev.vigil.monitor.Observation;
import dev.vigil.monitor.Decision;
import dev.vigil.domain.Event;
import dev.vigil.domain.EventKind;
import dev.vigil.domain.Run;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Trigger;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Applies one report inside the writer's transaction: pairs it with a run (by {@code rid} when
 * given, otherwise the latest open start), lets the status rules decide, and records it all.
 */
final class ReportHandler {
    private final Recorder recorder;
    private final Pipelines pipelines;
    private final RunMaker runs;

    ReportHandler(Recorder recorder, Pipelines pipelines, RunMaker runs) {
        this.recorder = recorder;
        this.pipelines = pipelines;
        this.runs = runs;
    }

    JobRuntime handle(Tx tx, Batch batch, JobRuntime rt, Command.Report r) {
        Observation o = r.observation();
        long jobId = rt.job().id();
        List<Run> open = rt.state().openRuns() > 0 || o.rid() != null ? new ArrayList<>(rt.running(tx)) : new ArrayList<>();
        Run matched = null;
        Long runId;
        RunFacts facts;
        switch (o.kind()) {
            case START -> {
                Run same = o.rid() == null ? null : byRid(open, o.rid());
                if (same != null) {
                    runId = same.id(); // a retried start ping: the run is already open
                } else {
                    if (o.rid() == null) supersedeAnonymous(tx, batch, rt.job(), open, o.at());
                    Run run = tx.runs().insert(new Run(0, jobId, o.rid(), Trigger.EXTERNAL, null, 1, RunState.RUNNING,
                            o.at(), null, null, null, null, null));
                    open.add(run);
                    runId = run.id();
                }
                facts = new RunFacts(null, open.size(), oldestStart(open));
            }
            case SUCCESS, FAILURE -> {
                matched = o.rid() != null ? byRid(open, o.rid()) : latest(reported(open));
                if (matched != null) open.remove(matched);
                runId = matched == null ? null : matched.id();
                facts = new RunFacts(matched == null ? null : matched.startedAt(), open.size(), oldestStart(open));
            }
            default -> {
                Run latest = o.rid() != null ? byRid(open, o.rid()) : latest(reported(open));
                runId = latest == null ? null : latest.id();
                facts = new RunFacts(null, open.size(), oldestStart(open));
            }
        }
        Decision d = StatusRules.observe(rt.job(), rt.expectations(), rt.state(), o, facts);
        if (o.kind().isFinish()) {
            runId = closeRun(tx, batch, rt.job(), matched, d.runOutcome(), r);
            if (d.runOutcome().state() == RunState.SUCCEEDED) pipelines.succeeded(tx, batch, rt.job(), o.at());
        }
        String message = o.kind() == Observation.Kind.PROGRESS && o.step() != null ? o.step() : r.body();
        tx.events().append(new Event(0, jobId, runId, o.at(), eventKind(o.kind()), o.rid(), o.exitCode(),
                message, r.data(), r.source()));
        return recorder.record(tx, batch, rt.withRunning(open), d, runId, o.at(), r.body());
    }

    /**
     * A start or finish of a run Vigil dispatched: the run exists already (queued or dispatched), so
     * it is moved along instead of paired by rid.
     */
    JobRuntime handleManaged(Tx tx, Batch batch, JobRuntime rt, Run run, Command.RunReport r) {
        Observation o = r.observation();
        long jobId = rt.job().id();
        List<Run> open = new ArrayList<>(rt.running(tx));
        open.removeIf(x -> x.id() == run.id());
        RunFacts facts;
        if (o.kind() == Observation.Kind.START) {
            Run started = new Run(run.id(), jobId, run.rid(), run.trigger(), run.scheduledFor(), run.attempt(),
                    run.state().transitionTo(RunState.RUNNING), o.at(), null, null, null, null, run.agent());
            tx.runs().update(started);
            batch.runs.put(started.id(), started);
            open.add(started);
            facts = new RunFacts(null, open.size(), oldestStart(open));
        } else {
            facts = new RunFacts(run.startedAt(), open.size(), oldestStart(open));
        }
        Decision d = StatusRules.observe(rt.job(), rt.expectations(), rt.state(), o, facts);
        if (o.kind().isFinish()) {
            RunState end = r.endState() != null ? r.endState() : d.runOutcome().state();
            String reason = r.reason() != null ? r.reason() : d.runOutcome().reason();
            Run ended = new Run(run.id(), jobId, run.rid(), run.trigger(), run.scheduledFor(), run.attempt(),
                    run.state().transitionTo(end), run.startedAt(), o.at(), o.exitCode(), reason, r.output(), run.agent());
            tx.runs().update(ended);
            batch.runs.put(ended.id(), ended);
            batch.finished(rt.job(), ended);
            boolean failed = end == RunState.FAILED || end == RunState.TIMED_OUT || end == RunState.LOST;
            if (end == RunState.CANCELLED) {
                // An operator's decision: neither a success nor a failure for health, no incident.
                d = StatusRules.cancelled(rt.job(), rt.expectations(), rt.state(), facts, o.at());
            } else if (failed && runs.retry(tx, rt.job(), ended, o.at()).filter(x -> x.state() == RunState.QUEUED).isPresent()) {
                // An attempt that will be retried is not yet a failure of the job: only exhausted
                // retries count, once, for the health rules.
                d = StatusRules.observe(rt.job(), rt.expectations(), rt.state(), Observation.of(Observation.Kind.LOG, o.at()), facts);
            } else if (end == RunState.SUCCEEDED) {
                pipelines.succeeded(tx, batch, rt.job(), o.at());
            }
        }
        String message = o.kind().isFinish() ? r.reason() : null;
        tx.events().append(new Event(0, jobId, run.id(), o.at(), eventKind(o.kind()), null, o.exitCode(), message,
                null, "agent:" + run.agent()));
        return recorder.record(tx, batch, rt.withRunning(open), d, run.id(), o.at(), r.output());
    }

    private static long closeRun(Tx tx, Batch batch, dev.vigil.domain.Job job, Run matched, Decision.RunOutcome outcome,
                                 Command.Report r) {
        Observation o = r.observation();
        long jobId = job.id();
        Run closed;
        if (matched == null) {
            closed = tx.runs().insert(new Run(0, jobId, o.rid(), Trigger.EXTERNAL, null, 1, outcome.state(), null,
                    o.at(), o.exitCode(), outcome.reason(), r.body(), null));
        } else {
            RunState next = matched.state().transitionTo(outcome.state());
            closed = new Run(matched.id(), jobId, matched.rid(), matched.trigger(), matched.scheduledFor(),
                    matched.attempt(), next, matched.startedAt(), o.at(), o.exitCode(), outcome.reason(), r.body(),
                    matched.agent());
            tx.runs().update(closed);
        }
        batch.finished(job, closed);
        return closed.id();
    }

    /**
     * Runs opened by reports (pings, {@code vigil run}), as opposed to runs an agent of ours is
     * running: only those pair with a report that carries no rid.
     */
    private static List<Run> reported(List<Run> open) {
        return open.stream().filter(r -> r.trigger() == Trigger.EXTERNAL).toList();
    }

    /** A start without rid replaces an earlier unfinished start without rid, as in Healthchecks. */
    private static void supersedeAnonymous(Tx tx, Batch batch, dev.vigil.domain.Job job, List<Run> open, Instant at) {
        for (Run run : reported(open)) {
            if (run.rid() != null) continue;
            Run lost = new Run(run.id(), run.jobId(), null, run.trigger(), run.scheduledFor(), run.attempt(),
                    run.state().transitionTo(RunState.LOST), run.startedAt(), at, null,
                    "no finish reported before the next start", run.output(), run.agent());
            tx.runs().update(lost);
            batch.finished(job, lost);
            open.remove(run);
        }
    }

    private static Run byRid(List<Run> open, String rid) {
        return open.stream().filter(run -> Objects.equals(run.rid(), rid)).findFirst().orElse(null);
    }

    private static Run latest(List<Run> open) {
        return open.stream().max(Comparator.comparing(Run::startedAt).thenComparing(Run::id)).orElse(null);
    }

    private static Instant oldestStart(List<Run> open) {
        return open.stream().map(Run::startedAt).min(Comparator.naturalOrder()).orElse(null);
    }

    private static EventKind eventKind(Observation.Kind kind) {
        return switch (kind) {
            case START -> EventKind.STARTED;
            case SUCCESS -> EventKind.SUCCEEDED;
            case FAILURE -> EventKind.FAILED;
            case LOG -> EventKind.LOG;
            case PROGRESS -> EventKind.PROGRESS;
        };
    }
}
