package dev.vigil.app;

import dev.vigil.domain.Channel;
import dev.vigil.domain.HealthPolicy;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.domain.Schedule;
import dev.vigil.monitor.Command;
import dev.vigil.monitor.Ingest;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * On the very first start, an {@code example} project to try things with: a few monitored jobs and a
 * {@code log} alert channel, so that alerts show up in the server's own output.
 */
final class ExampleProject {
    static final String SLUG = "example";

    private ExampleProject() {}

    /** Creates the project unless any project exists; returns it if created. */
    static Project createIfFirstStart(Transactor store, Ingest ingest, Instant now) {
        Project project = store.write(tx -> {
            if (!tx.projects().list().isEmpty()) return null;
            Project p = tx.projects().insert(SLUG, "Example", ApiKeys.random(22), now);
            tx.channels().insert(new Channel(0, p.id(), "log", "server-log", "{}", now));
            return p;
        });
        if (project == null) return null;
        define(ingest, project, "heartbeat", "Heartbeat", "Pinged every minute; goes late, then missed, if it is not.",
                new Schedule.Every(Duration.ofMinutes(1)), null, List.of("demo"));
        define(ingest, project, "nightly-backup", "Nightly backup", "Database dump, 02:30 London time.",
                new Schedule.Cron("30 2 * * *", java.time.ZoneId.of("Europe/London")), Duration.ofHours(2), List.of("demo", "db"));
        define(ingest, project, "hourly-report", "Hourly report", "Runs at minute 5 of every hour.",
                new Schedule.Cron("5 * * * *", ZoneOffset.UTC), Duration.ofMinutes(10), List.of("demo"));
        return project;
    }

    private static void define(Ingest ingest, Project p, String slug, String name, String description,
                               Schedule schedule, Duration maxRuntime, List<String> tags) {
        Instant now = Instant.EPOCH;
        ingest.execute(new Command.Define(new Job(0, UUID.randomUUID(), p.id(), p.slug(), slug, name, description,
                "ops-team", tags, schedule, null, maxRuntime, null, HealthPolicy.DEFAULT, now, now, null)));
    }
}
