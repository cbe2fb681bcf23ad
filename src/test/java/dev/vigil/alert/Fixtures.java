package dev.vigil.alert;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Health;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Jobs, flips and channels for alerting tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    public static final UUID JOB_UUID = UUID.fromString("0b6a3c1e-6a7d-4f0e-9d53-6f2f6a1b2c3d");
    /** What receivers see of the job instead of its uuid. */
    public static final String JOB_UNIQUE_KEY = Job.uniqueKey(JOB_UUID);
    public static final long PROJECT_ID = 7;
    public static final String BASE_URL = "https://vigil.example.com";

    private Fixtures() {}

    public static Job backupJob() {
        return new Job(42, JOB_UUID, PROJECT_ID, "prod", "nightly-backup", "Nightly backup", "pg_dump to S3",
                "alice", List.of("db", "backup"), new Schedule.Every(Duration.ofDays(1)), null, null, null,
                HealthPolicy.DEFAULT, T0.minus(Duration.ofDays(30)), T0.minus(Duration.ofDays(30)), null);
    }

    /** The job missed its run: an incident opens. */
    public static Flip missedFlip(long id) {
        return new Flip(id, 42, T0, Status.UP, Status.MISSED, Health.HEALTHY, Health.HEALTHY, true, true,
                "no start within grace (expected 02:00 UTC)");
    }

    /** The job succeeded again: the incident resolves. */
    public static Flip recoveredFlip(long id) {
        return new Flip(id, 42, T0.plus(Duration.ofHours(1)), Status.MISSED, Status.UP, Health.HEALTHY,
                Health.HEALTHY, false, true, "succeeded");
    }

    /** Late but not yet alerting: no incident change. */
    public static Flip lateFlip(long id) {
        return new Flip(id, 42, T0, Status.UP, Status.LATE, Health.HEALTHY, Health.HEALTHY, false, false,
                "start expected at 02:00 UTC");
    }

    /**
     * The message for {@code flip} of {@code job}, treating the flip as its own incident (its id is
     * the incident's), as the incident engine would word it.
     */
    public static AlertMessage message(Job job, Flip flip, String baseUrl, String lastOutput) {
        String action = flip.alerting() ? AlertMessage.TRIGGER : AlertMessage.RESOLVE;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new AlertMessage(action, AlertMessage.CRITICAL, flip.id(), AlertMessage.incidentKey(job.uniqueKey(), flip.id()),
                flip.alerting() ? flip.at() : null, job.uniqueKey(), job.project(), job.slug(), job.name(), job.owner(),
                job.tags(), null, flip.toStatus() == null ? null : flip.toStatus().wire(),
                flip.toHealth() == null ? null : flip.toHealth().wire(), flip.reason(), flip.at(), flip.id(),
                AlertMessage.jobUrl(base, job.project(), job.slug()), base + "/ui/p/" + job.project() + "/incidents/" + flip.id(),
                lastOutput, 0, 0, null, null, false);
    }

    public static Channel webhook(String name, String configJson) {
        return new Channel(0, PROJECT_ID, "webhook", name, configJson, T0);
    }

    public static Channel webhookTo(String url) {
        return webhook("ops-hook", "{\"url\": \"" + url + "\"}");
    }
}
