package dev.vigil.execution;

import dev.vigil.agent.wire.RunEvent;
import dev.vigil.domain.LogChunk;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.RunState;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import dev.vigil.ingest.Ingest;
import dev.vigil.monitor.Observation;
import dev.vigil.store.Transactor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what agents report about their runs: starts and finishes go through the single writer
 * like any report (so managed runs feed the same status, health and alerts as pings), output goes
 * to the run's stored log. Every event may arrive more than once and applies at most once; one that
 * no longer applies (the run was declared lost meanwhile, or already ended) changes nothing.
 *
 * <p>An agent reports only as itself and only for its runs ({@link AgentAccess}): a batch from a key
 * the agent is not registered with, or from an instance that is not the registered one, is refused
 * (403); a batch naming a run not dispatched to the agent, or of a project its key does not cover, is
 * refused whole (409). Either changes nothing, output included.
 */
public final class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);
    public static final int MAX_BATCH = 1_000;
    public static final int MAX_TAIL = 64 * 1024;

    /** Where output chunks go: idempotent on (run, seq), all of a batch at once. */
    @FunctionalInterface
    public interface OutputLog {
        /** Stores the chunks in one go; returns how many were skipped because their run does not exist. */
        int append(List<LogChunk> chunks);
    }

    private final Transactor store;
    private final Ingest ingest;
    private final OutputLog output;
    private final WorkSignal signal;

    public RunEvents(Transactor store, Ingest ingest, OutputLog output, WorkSignal signal) {
        this.store = store;
        this.ingest = ingest;
        this.output = output;
        this.signal = signal;
    }

    /**
     * Applies the events in order and returns once all that apply are durable.
     *
     * @param key      what the agent reports with; {@link AgentKey#EMBEDDED} for the server's own agent
     * @param agent    the agent's name, which must be registered with {@code key}
     * @param instance the agent's instance, which must be the one registered now; null from agents of
     *                 versions that did not send it (then the key alone is checked)
     * @return how many were applied (the rest were redeliveries or no longer applied)
     * @throws dev.vigil.domain.ForbiddenException the agent is not the key's, or not this instance
     * @throws AgentAccess.NotLeased an event is of a run that is not the agent's: nothing was applied
     */
    public int apply(AgentKey key, String agent, String instance, List<RunEvent> events) {
        if (events.size() > MAX_BATCH) {
            throw new ValidationException("events", "at most " + MAX_BATCH + " per request, got " + events.size());
        }
        events.forEach(RunEvents::validate);
        Set<Long> runs = new HashSet<>();
        for (RunEvent e : events) runs.add(e.runId());
        // Checked before anything is written. A run leaves an agent only when that agent gives it back
        // (its poll does not list it, or it leaves), so it does not change hands before the writes
        // below; the writer checks each start and finish against the run's agent once more.
        store.read(tx -> {
            if (!key.embedded()) AgentAccess.identify(tx, agent, instance, key);
            AgentAccess.requireLeased(tx, agent, key, runs);
            return null;
        });
        // All output first, in one transaction: a run's output is stored before its finish is.
        List<LogChunk> chunks = new ArrayList<>();
        for (RunEvent e : events) {
            if (e.kind() == RunEvent.Kind.OUTPUT) chunks.add(new LogChunk(e.runId(), e.seq(), e.at(), e.text()));
        }
        int missing = output.append(chunks);
        if (missing > 0) log.info("agent {} sent output of {} chunks of runs that do not exist (any more)", agent, missing);
        List<Command> reports = new ArrayList<>();
        boolean finished = false;
        for (RunEvent e : events) {
            switch (e.kind()) {
                case STARTED -> reports.add(new Command.RunReport(e.runId(), agent,
                        Observation.of(Observation.Kind.START, e.at()), null, null, null));
                case OUTPUT -> { }
                case FINISHED -> {
                    reports.add(finish(agent, e));
                    finished = true;
                }
            }
        }
        // Taken by the writer together: one commit for the batch, not as many as it happens to split into.
        List<CompletableFuture<dev.vigil.ingest.Result>> pending = ingest.submitAll(reports);
        int applied = chunks.size() - missing;
        for (CompletableFuture<dev.vigil.ingest.Result> f : pending) {
            try {
                f.join();
                applied++;
            } catch (CompletionException ex) {
                if (!(ex.getCause() instanceof NotFoundException)) throw ex;
                log.info("agent {} reported on a run that does not exist (any more): {}", agent, ex.getCause().getMessage());
            }
        }
        if (finished) signal.signal(); // a job's next queued run may go now
        return applied;
    }

    /**
     * A finish as the writer's report: succeeded or failed by the observation (the job's rules
     * decide the rest), any other end ({@code lost}: the agent cannot tell, because the run's process
     * ended while no agent watched it and left no exit status) as the run's state.
     */
    private static Command.RunReport finish(String agent, RunEvent e) {
        RunState end = RunState.end(e.end(), "events.end");
        RunState endState = end == RunState.SUCCEEDED || end == RunState.FAILED ? null : end;
        Observation.Kind kind = end == RunState.SUCCEEDED ? Observation.Kind.SUCCESS : Observation.Kind.FAILURE;
        Observation o = new Observation(kind, e.at(), null, e.exitCode(), null, null);
        String tail = e.text();
        if (tail != null && tail.length() > MAX_TAIL) tail = tail.substring(tail.length() - MAX_TAIL);
        return new Command.RunReport(e.runId(), agent, o, tail, endState, e.reason());
    }

    private static void validate(RunEvent e) {
        if (e.kind() == null) throw new ValidationException("events.kind", "is required: started, output or finished");
        if (e.at() == null) throw new ValidationException("events.at", "is required");
        if (e.runId() <= 0) throw new ValidationException("events.runId", "must be a run id, got " + e.runId());
        if (e.exitCode() != null && (e.exitCode() < 0 || e.exitCode() > 255)) {
            throw new ValidationException("events.exitCode", "must be between 0 and 255, got " + e.exitCode());
        }
        if (e.kind() == RunEvent.Kind.FINISHED) RunState.end(e.end(), "events.end");
        if (e.kind() == RunEvent.Kind.OUTPUT && (e.text() == null || e.seq() <= 0)) {
            throw new ValidationException("events.seq", "output needs text and a seq of 1 or more");
        }
        if (e.reason() != null && e.reason().length() > 2_000) {
            throw new ValidationException("events.reason", "must be at most 2000 characters");
        }
    }
}
