package dev.vigil.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * Something a job reported: a ping or a native event, already validated.
 *
 * @param at       when the server received it (not when it was processed), so that ingestion lag
 *                 never makes a punctual job look late
 * @param rid      the client's run id, pairing a start with its finish; may be null
 * @param exitCode the reported exit status of a finish, if any
 * @param ttl      from {@code ?ttl=}: the next report is due within this; may be null
 * @param step     the step name of a progress report; may be null
 */
public record Observation(Kind kind, Instant at, String rid, Integer exitCode, Duration ttl, String step) {

    public enum Kind {
        START, SUCCESS, FAILURE, LOG, PROGRESS;

        public boolean isFinish() {
            return this == SUCCESS || this == FAILURE;
        }
    }

    public static Observation of(Kind kind, Instant at) {
        return new Observation(kind, at, null, null, null, null);
    }
}
