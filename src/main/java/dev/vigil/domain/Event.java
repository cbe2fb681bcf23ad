package dev.vigil.domain;

import java.time.Instant;

/**
 * One entry of a job's append-only event log.
 *
 * @param runId    the run it belongs to, if any
 * @param message  a ping body, a progress step, or a human-readable reason
 * @param data     a JSON object with structured details (metrics, fire time …), or null
 * @param source   who reported it: {@code ping}, {@code api}, {@code monitor} …
 */
public record Event(
        long id,
        long jobId,
        Long runId,
        Instant at,
        EventKind kind,
        String rid,
        Integer exitCode,
        String message,
        String data,
        String source) {
}
