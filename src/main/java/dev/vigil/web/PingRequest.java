package dev.vigil.web;

import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.ingest.Command;
import dev.vigil.monitor.Observation;
import dev.vigil.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Parses a ping URL (PING-PROTOCOL.md): {@code /ping/{uuid}[/suffix]} or
 * {@code /ping/{ping-key}/{slug}[/suffix]}, with suffix {@code start}, {@code fail}, {@code log},
 * {@code progress} or an exit status 0..255. A first segment that is a UUID selects the first form;
 * ping keys are never UUIDs, so the two cannot be confused.
 */
record PingRequest(Command.JobRef job, Observation.Kind kind, Integer exitCode) {
    static final int MAX_RID_LENGTH = 200;
    /** A ttl moves the job's deadline: bounded, so that a ping URL cannot switch the dead-man's switch off. */
    static final Duration MIN_TTL = Duration.ofSeconds(1);
    static final Duration MAX_TTL = Duration.ofDays(366);

    /** Null when the path is not a ping URL at all (answered 404). */
    static PingRequest parse(String[] segments, boolean create) {
        UUID uuid = uuidOrNull(segments[0]);
        if (uuid != null) {
            if (segments.length > 2) return null;
            return withSuffix(new Command.ByUuid(uuid), segments.length == 2 ? segments[1] : null);
        }
        if (segments.length < 2) return null;
        if (create) Project.checkSlug(segments[1], "slug"); // a job created by a ping obeys the API's rules
        return withSuffix(new Command.BySlug(segments[0], segments[1], create), segments.length == 3 ? segments[2] : null);
    }

    private static PingRequest withSuffix(Command.JobRef job, String suffix) {
        if (suffix == null || suffix.isEmpty()) return new PingRequest(job, Observation.Kind.SUCCESS, null);
        return switch (suffix) {
            case "start" -> new PingRequest(job, Observation.Kind.START, null);
            case "fail" -> new PingRequest(job, Observation.Kind.FAILURE, null);
            case "log" -> new PingRequest(job, Observation.Kind.LOG, null);
            case "progress" -> new PingRequest(job, Observation.Kind.PROGRESS, null);
            default -> exitStatus(job, suffix);
        };
    }

    private static PingRequest exitStatus(Command.JobRef job, String suffix) {
        if (!suffix.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
        if (suffix.length() > 3 || Integer.parseInt(suffix) > 255) {
            String got = suffix.length() > 20 ? suffix.substring(0, 20) + "… (" + suffix.length() + " digits)" : suffix;
            throw new ValidationException("exit status", "must be 0..255, got " + got);
        }
        int code = Integer.parseInt(suffix);
        return new PingRequest(job, code == 0 ? Observation.Kind.SUCCESS : Observation.Kind.FAILURE, code);
    }

    Observation observation(Instant at, String rid, String ttl, String step) {
        return observation(kind, exitCode, at, rid, ttl, step);
    }

    /** Validates a report's options the same way for ping URLs and native JSON events. */
    static Observation observation(Observation.Kind kind, Integer exitCode, Instant at, String rid, String ttl, String step) {
        if (rid != null && (rid.isEmpty() || rid.length() > MAX_RID_LENGTH)) {
            throw new ValidationException("rid", "must be 1.." + MAX_RID_LENGTH + " characters");
        }
        Duration ttlDuration = ttl == null ? null : Durations.parse(ttl, "ttl", MIN_TTL, MAX_TTL);
        if (step != null && step.length() > 200) throw new ValidationException("step", "must be at most 200 characters");
        Fields.check(rid, "rid", Fields.Text.LINE);
        Fields.check(step, "step", Fields.Text.LINE);
        return new Observation(kind, at, rid, exitCode, ttlDuration, step);
    }

    private static UUID uuidOrNull(String s) {
        if (s.length() != 36) return null;
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
