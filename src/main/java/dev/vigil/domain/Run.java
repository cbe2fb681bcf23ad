package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One execution attempt of a job.
 *
 * @param rid    the client's run id from {@code ?rid=}, pairing a start with its finish; may be null
 * @param reason why the run ended as it did when the exit code alone does not say it, e.g. a run
 *               faster than {@code minRuntime}
 * @param output the captured output (a ping body), size-limited; may be null
 */
public record Run(
        long id,
        long jobId,
        String rid,
        Trigger trigger,
        Instant scheduledFor,
        int attempt,
        RunState state,
        Instant startedAt,
        Instant endedAt,
        Integer exitCode,
        String reason,
        String output,
        String agent) {

    /** Null when the run has no measured start (a finish ping without a start) or is unfinished. */
    public Duration duration() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
    }
}
