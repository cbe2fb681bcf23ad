package dev.vigil.agent.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Something that happened to a run on an agent. Events of a run carry increasing {@code seq}
 * numbers and are delivered in order, at least once: the server applies each at most once (a
 * start or finish by the run's state, output by its (run, seq) key).
 *
 * @param text     output for {@code output}; the output tail for {@code finished}
 * @param exitCode the process's exit code (0–255), or null (killed by a signal, an http target)
 * @param end      for {@code finished}: succeeded, failed, timed_out, cancelled, or lost (the process ended
 *                 while no agent watched it and left no exit status)
 * @param reason   for {@code finished}: why it ended so, when the exit code does not say it
 */
public record RunEvent(long runId, long seq, Kind kind, Instant at, String text, Integer exitCode, String end,
                       String reason) {

    public enum Kind {
        @JsonProperty("started") STARTED,
        @JsonProperty("output") OUTPUT,
        @JsonProperty("finished") FINISHED
    }

    public static RunEvent started(long runId, Instant at) {
        return new RunEvent(runId, 0, Kind.STARTED, at, null, null, null, null);
    }

    public static RunEvent output(long runId, long seq, Instant at, String text) {
        return new RunEvent(runId, seq, Kind.OUTPUT, at, text, null, null, null);
    }

    public static RunEvent finished(long runId, long seq, Instant at, String end, Integer exitCode, String reason, String tail) {
        return new RunEvent(runId, seq, Kind.FINISHED, at, tail, exitCode, end, reason);
    }
}
