package dev.vigil.agent.http;

import dev.vigil.domain.RunState;
import java.time.Duration;
import java.util.Objects;

/**
 * How one HTTP call ended. An HTTP call has no exit code: a run made from it reports none, and
 * says what happened through {@link #runState()} and {@link #runReason()}.
 *
 * @param status the response's status code, or {@code null} when no response headers arrived
 *     (a call timed out or cancelled while reading the body still has it)
 * @param reason why it ended
 * @param duration from start until the outcome was decided
 * @param error why it did not complete, in words ({@code timed out after 5s},
 *     {@code connection refused: 10.0.0.7:8080}); {@code null} for {@link Reason#COMPLETED}
 */
public record CallOutcome(Integer status, Reason reason, Duration duration, String error) {

    public enum Reason {
        /** The whole response, body included, arrived; it may still be an error status. */
        COMPLETED,
        /** The call's timeout elapsed before the body had been read to its end; the request was aborted. */
        TIMED_OUT,
        /** {@link RunningCall#cancel()} was called first; the request was aborted. */
        CANCELLED,
        /** No complete response: connection refused, unknown host, TLS or I/O error, or a request the client refused. */
        FAILED
    }

    public CallOutcome {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(duration, "duration");
        if (reason == Reason.COMPLETED && status == null) {
            throw new IllegalArgumentException("a completed call has a status; indicates a bug");
        }
        if (reason != Reason.COMPLETED && error == null) {
            throw new IllegalArgumentException("a call that did not complete says why; indicates a bug");
        }
    }

    static CallOutcome completed(int status, Duration duration) {
        return new CallOutcome(status, Reason.COMPLETED, duration, null);
    }

    static CallOutcome timedOut(Duration limit, Integer status, Duration duration) {
        String during = status == null ? " waiting for a response" : " reading the body of " + StatusText.of(status);
        return new CallOutcome(status, Reason.TIMED_OUT, duration, "timed out after " + format(limit) + during);
    }

    static CallOutcome cancelled(Integer status, Duration duration) {
        return new CallOutcome(status, Reason.CANCELLED, duration, "cancelled");
    }

    static CallOutcome failed(Integer status, Duration duration, String error) {
        return new CallOutcome(status, Reason.FAILED, duration, error);
    }

    /** True only for a call that completed with a 2xx status. */
    public boolean succeeded() {
        return reason == Reason.COMPLETED && status >= 200 && status <= 299;
    }

    /**
     * What happened, in words: {@code HTTP 200 OK}, {@code HTTP 503 Service Unavailable},
     * {@code timed out after 5s waiting for a response}, {@code cancelled},
     * {@code connection refused: 10.0.0.7:8080}.
     */
    public String describe() {
        return reason == Reason.COMPLETED ? StatusText.of(status) : error;
    }

    /** The reason a run reports: {@code null} when the call succeeded, else {@link #describe()}. */
    public String runReason() {
        return succeeded() ? null : describe();
    }

    /** The state a run ends in: SUCCEEDED, FAILED (an error status or no response), TIMED_OUT or CANCELLED. */
    public RunState runState() {
        return switch (reason) {
            case COMPLETED -> succeeded() ? RunState.SUCCEEDED : RunState.FAILED;
            case TIMED_OUT -> RunState.TIMED_OUT;
            case CANCELLED -> RunState.CANCELLED;
            case FAILED -> RunState.FAILED;
        };
    }

    /** {@code 250ms}, {@code 5s}, {@code 1h30m}: milliseconds only when the limit has a fraction of a second. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.isEmpty()) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
