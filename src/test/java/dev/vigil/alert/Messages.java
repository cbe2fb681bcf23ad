package dev.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Alert messages for channel tests: one incident of {@code prod/nightly-backup}, through its life. */
public final class Messages {
    public static final Instant OPENED = Instant.parse("2025-03-01T02:10:00Z");
    public static final Instant RESOLVED = OPENED.plus(Duration.ofMinutes(125));
    public static final UUID JOB_UUID = UUID.fromString("0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d");
    /** The job as alerts name it: its unique key, never its uuid. */
    public static final String JOB = dev.vigil.domain.Job.uniqueKey(JOB_UUID);
    public static final long INCIDENT = 31;
    public static final String KEY = "vigil-" + JOB + "-" + INCIDENT;
    public static final String JOB_URL = "https://vigil.example.com/ui/p/prod/jobs/nightly-backup";
    public static final String INCIDENT_URL = "https://vigil.example.com/ui/p/prod/incidents/31";

    private Messages() {}

    /** The incident opens: the backup missed its run. */
    public static AlertMessage trigger() {
        return message(AlertMessage.TRIGGER, AlertMessage.CRITICAL, "missed", "healthy",
                "no start within grace (expected 02:00 UTC)", OPENED, 0, 0, null, null);
    }

    /** A warning: the backup is late but within its grace no more. */
    public static AlertMessage warning() {
        return message(AlertMessage.TRIGGER, AlertMessage.WARNING, "late", "healthy",
                "start expected at 02:00 UTC", OPENED, 0, 0, null, null);
    }

    /** Alice took it. */
    public static AlertMessage acknowledge() {
        return message(AlertMessage.ACKNOWLEDGE, AlertMessage.CRITICAL, "missed", "healthy",
                "no start within grace (expected 02:00 UTC)", OPENED.plusSeconds(300), 0, 0, "alice", "looking at it");
    }

    /** The backup ran: the incident resolves. */
    public static AlertMessage resolve() {
        return message(AlertMessage.RESOLVE, AlertMessage.CRITICAL, "up", "healthy", "succeeded", RESOLVED, 0, 0,
                null, null);
    }

    /** The second reminder of escalation step 1. */
    public static AlertMessage reminder() {
        return message(AlertMessage.TRIGGER, AlertMessage.CRITICAL, "missed", "healthy",
                "no start within grace (expected 02:00 UTC)", OPENED.plus(Duration.ofMinutes(45)), 2, 1, null, null);
    }

    public static AlertMessage message(String action, String severity, String status, String health, String reason,
                                       Instant since, int repeat, int step, String actor, String comment) {
        return new AlertMessage(action, severity, INCIDENT, KEY, OPENED, JOB, "prod", "nightly-backup",
                "Nightly backup", "alice", List.of("db", "backup"), null, status, health, reason, since, 17,
                JOB_URL, INCIDENT_URL, "dumping schema public\npg_dump: error: connection to server failed\n", repeat,
                step, actor, comment, false);
    }
}
